package dev.nis.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of environment variables, each with a default for local runs. A value that is set but
 * unusable throws {@link ConfigException} naming the variable, so start-up stops.
 */
public final class Env {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  public String string(String name, String defaultValue) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  public int integer(String name, int defaultValue, int min, int max) {
    String raw = vars.get(name);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new ConfigException(name, "must be an integer from " + min + " to " + max, raw);
  }

  /** {@code true} or {@code false} (any case); unset means {@code defaultValue}. */
  public boolean flag(String name, boolean defaultValue) {
    String raw = vars.get(name);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name, "must be true or false", raw);
    };
  }

  public int port(String name, int defaultValue) {
    return integer(name, defaultValue, 0, 65535);
  }

  /**
   * The longest duration any setting takes: past it the values a setting is turned into (nanos,
   * millis) overflowed at start-up, and such a value is a typo, not a wish.
   */
  static final Duration MAX_DURATION = Duration.ofDays(365);

  /**
   * A duration written as {@code 250ms}, {@code 5s}, {@code 5m} or {@code 1h}, from 0 to {@link
   * #MAX_DURATION}.
   */
  public Duration duration(String name, Duration defaultValue) {
    return duration(name, defaultValue, Duration.ZERO, MAX_DURATION);
  }

  /**
   * As {@link #duration(String, Duration)}, from {@code min} to {@code max} (inclusive).
   *
   * @throws ConfigException naming the variable when the value is out of that range
   */
  public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
    String raw = vars.get(name);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    Matcher m = DURATION.matcher(raw.trim());
    if (!m.matches()) {
      throw new ConfigException(name, "must be a duration like 250ms, 5s, 5m or 1h", raw);
    }
    Duration value;
    try {
      long amount = Long.parseLong(m.group(1));
      value =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
          };
    } catch (NumberFormatException | ArithmeticException tooLarge) {
      value = null;
    }
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(
          name, "must be a duration from " + text(min) + " to " + text(max), raw);
    }
    return value;
  }

  /** A duration as a setting is written: the largest unit that holds it whole. */
  private static String text(Duration duration) {
    if (duration.toMillis() % 3_600_000 == 0 && !duration.isZero()) {
      return duration.toHours() + "h";
    }
    if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
      return duration.toMinutes() + "m";
    }
    if (duration.toMillis() % 1_000 == 0) {
      return duration.toSeconds() + "s";
    }
    return duration.toMillis() + "ms";
  }

  /** A URI with one of the given schemes. */
  public URI uri(String name, String defaultValue, String... schemes) {
    String raw = string(name, defaultValue);
    try {
      URI uri = new URI(raw);
      for (String scheme : schemes) {
        if (scheme.equals(uri.getScheme()) && uri.getHost() != null && portInRange(uri)) {
          return uri;
        }
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ConfigException(
        name,
        "must be a URI with host and scheme "
            + String.join(" or ", schemes)
            + ", its port (if any) from 1 to 65535",
        raw);
  }

  /**
   * One or more URIs, comma-separated (spaces around the commas allowed), each with a host and one
   * of the given schemes; answered in the same comma-separated form, as jnats' {@code
   * Options.Builder.server} takes a list of NATS servers.
   */
  public String uriList(String name, String defaultValue, String... schemes) {
    String raw = string(name, defaultValue);
    java.util.List<String> uris = new java.util.ArrayList<>();
    for (String part : raw.split(",", -1)) {
      String one = part.trim();
      URI uri = null;
      try {
        uri = one.isEmpty() ? null : new URI(one);
      } catch (URISyntaxException e) {
        // reported below
      }
      if (uri == null
          || uri.getHost() == null
          || !portInRange(uri)
          || !java.util.Arrays.asList(schemes).contains(uri.getScheme())) {
        throw new ConfigException(
            name,
            "must be one or more comma-separated URIs, each with host and scheme "
                + String.join(" or ", schemes)
                + ", its port (if any) from 1 to 65535",
            raw);
      }
      uris.add(uri.toString());
    }
    return String.join(",", uris);
  }

  /** No port (the scheme's own), or one a socket can have: 1 to 65535. */
  private static boolean portInRange(URI uri) {
    return uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535);
  }

  /** A gRPC target as {@code host:port}. */
  public String hostPort(String name, String defaultValue) {
    String raw = string(name, defaultValue);
    int colon = raw.lastIndexOf(':');
    if (colon > 0) {
      try {
        int port = Integer.parseInt(raw.substring(colon + 1));
        // a host name or address has no spaces or controls ("a b:9092" failed every call)
        boolean host = raw.substring(0, colon).chars().allMatch(c -> c > ' ' && c < 0x7f);
        if (host && port > 0 && port <= 65535) {
          return raw;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new ConfigException(name, "must be host:port", raw);
  }

  /** A name made of letters, digits, '-' and '_' (used for stream and key prefixes). */
  public String identifier(String name, String defaultValue) {
    String raw = string(name, defaultValue);
    if (!raw.matches("[A-Za-z][A-Za-z0-9_-]{0,62}")) {
      throw new ConfigException(
          name, "must start with a letter and hold at most 63 letters, digits, '-' or '_'", raw);
    }
    return raw;
  }
}
