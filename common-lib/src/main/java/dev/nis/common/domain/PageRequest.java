package dev.nis.common.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One page of a list in id order: at most {@code limit} items after the id carried by the opaque
 * cursor.
 */
public record PageRequest(int limit, Optional<String> afterId) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ValidationException("limit", "must be from 1 to " + MAX_LIMIT);
    }
  }

  public static PageRequest first(int limit) {
    return new PageRequest(limit, Optional.empty());
  }

  /** Builds a request from the wire: a null or zero limit means the default. */
  public static PageRequest of(Integer limit, String cursor) {
    int size = limit == null || limit == 0 ? DEFAULT_LIMIT : limit;
    return new PageRequest(size, decodeCursor(cursor));
  }

  public static String encodeCursor(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("after:" + lastId).getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith("after:") && text.length() > 6) {
        return Optional.of(text.substring(6));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ValidationException("cursor", "is not a cursor this service issued");
  }

  /** The cache key part that identifies this page. */
  public String key() {
    return limit + ":" + afterId.orElse("");
  }
}
