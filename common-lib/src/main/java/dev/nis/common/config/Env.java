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

  /** A duration written as {@code 250ms}, {@code 5s}, {@code 5m} or {@code 1h}. */
  public Duration duration(String name, Duration defaultValue) {
    String raw = vars.get(name);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    Matcher m = DURATION.matcher(raw.trim());
    if (!m.matches()) {
      throw new ConfigException(name, "must be a duration like 250ms, 5s, 5m or 1h", raw);
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** A URI with one of the given schemes. */
  public URI uri(String name, String defaultValue, String... schemes) {
    String raw = string(name, defaultValue);
    try {
      URI uri = new URI(raw);
      for (String scheme : schemes) {
        if (scheme.equals(uri.getScheme()) && uri.getHost() != null) {
          return uri;
        }
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ConfigException(
        name, "must be a URI with host and scheme " + String.join(" or ", schemes), raw);
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
          || !java.util.Arrays.asList(schemes).contains(uri.getScheme())) {
        throw new ConfigException(
            name,
            "must be one or more comma-separated URIs, each with host and scheme "
                + String.join(" or ", schemes),
            raw);
      }
      uris.add(uri.toString());
    }
    return String.join(",", uris);
  }

  /** A gRPC target as {@code host:port}. */
  public String hostPort(String name, String defaultValue) {
    String raw = string(name, defaultValue);
    int colon = raw.lastIndexOf(':');
    if (colon > 0) {
      try {
        int port = Integer.parseInt(raw.substring(colon + 1));
        if (port > 0 && port <= 65535) {
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
