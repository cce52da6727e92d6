package dev.nis.common.application;

import java.util.Optional;

/**
 * The answer of a cache look-up: a value on a hit; on a miss, the token that a later fill must
 * present, so that a fill racing with an invalidation is dropped. No token when the cache is
 * unavailable (then nothing is filled).
 */
public record CacheRead<T>(Optional<T> value, Optional<String> fillToken) {
  public static <T> CacheRead<T> hit(T value) {
    return new CacheRead<>(Optional.of(value), Optional.empty());
  }

  public static <T> CacheRead<T> miss(String fillToken) {
    return new CacheRead<>(Optional.empty(), Optional.of(fillToken));
  }

  public static <T> CacheRead<T> unavailable() {
    return new CacheRead<>(Optional.empty(), Optional.empty());
  }
}
