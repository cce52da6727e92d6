package dev.nis.common.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=5}): how long a client is willing to
 * wait for a queued mutation's outcome. Values over {@link #MAX_SECONDS} are capped, however many
 * digits they have; a malformed value is ignored, as RFC 7240 asks; only the first {@code wait}
 * counts.
 */
public record PreferWait(int seconds) {
  public static final int MAX_SECONDS = 30;
  public static final String HEADER = "Prefer";
  public static final String APPLIED_HEADER = "Preference-Applied";

  public PreferWait {
    if (seconds < 0 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException("wait must be from 0 to " + MAX_SECONDS + " seconds");
    }
  }

  /** The wait preference among the values of every {@code Prefer} header, if a usable one. */
  public static Optional<PreferWait> from(List<String> preferHeaders) {
    for (String header : preferHeaders) {
      for (String preference : splitOutsideQuotes(header, ',')) {
        String token = splitOutsideQuotes(preference, ';').get(0);
        String[] nameValue = token.split("=", 2);
        if (nameValue[0].trim().toLowerCase(Locale.ROOT).equals("wait")) {
          return nameValue.length == 2 ? parseSeconds(nameValue[1]) : Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  public Duration duration() {
    return Duration.ofSeconds(seconds);
  }

  /** The value of the {@code Preference-Applied} header that says this preference was honoured. */
  public String applied() {
    return "wait=" + seconds;
  }

  private static Optional<PreferWait> parseSeconds(String raw) {
    String value = raw.trim();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    // delta-seconds is ASCII digits (RFC 9111, section 1.2.2); Character.isDigit would let other
    // scripts' digits through, which Integer.parseInt reads too
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    // delta-seconds too long for an int is a very long wait, not a malformed one (RFC 9111,
    // section 1.2.2, the rule for delta-seconds): capped like any other
    int seconds = value.length() > 9 ? MAX_SECONDS : Integer.parseInt(value);
    return Optional.of(new PreferWait(Math.min(seconds, MAX_SECONDS)));
  }

  private static List<String> splitOutsideQuotes(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }
}
