package dev.nis.common.http;

import dev.nis.common.domain.Rejection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 9457 problem details object, written as {@code application/problem+json}. Extension
 * members (such as {@code field}) are written after the standard ones.
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    Map<String, Object> extensions) {
  public static final String BLANK_TYPE = "about:blank";
  private static final Set<String> STANDARD_MEMBERS =
      Set.of("type", "title", "status", "detail", "instance");

  public Problem {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
    }
    type = type == null ? BLANK_TYPE : type;
    title = title == null ? HttpStatus.reasonPhrase(status) : title;
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** A problem of type {@code about:blank} whose title is the status' reason phrase. */
  public static Problem of(int status, String detail) {
    return new Problem(BLANK_TYPE, null, status, detail, null, Map.of());
  }

  public static Problem badRequest(String detail) {
    return of(HttpStatus.BAD_REQUEST, detail);
  }

  /** A 400 naming the offending field (snake_case) in the {@code field} member. */
  public static Problem invalidField(String field, String detail) {
    return badRequest(detail).withExtension("field", field);
  }

  public static Problem fromRejection(Rejection rejection) {
    return new Problem(
        BLANK_TYPE,
        rejection.kind().title(),
        rejection.kind().status(),
        rejection.detail(),
        null,
        Map.of());
  }

  public Problem withInstance(String instance) {
    return new Problem(type, title, status, detail, instance, extensions);
  }

  public Problem withExtension(String name, Object value) {
    if (STANDARD_MEMBERS.contains(name)) {
      throw new IllegalArgumentException(name + " is a standard problem member");
    }
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(name, value);
    return new Problem(type, title, status, detail, instance, more);
  }

  /** The JSON members in their conventional order, without absent ones. */
  public Map<String, Object> members() {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("type", type);
    members.put("title", title);
    members.put("status", status);
    if (detail != null) {
      members.put("detail", detail);
    }
    if (instance != null) {
      members.put("instance", instance);
    }
    extensions.forEach(
        (name, value) -> {
          if (value != null) {
            members.put(name, value);
          }
        });
    return members;
  }
}
