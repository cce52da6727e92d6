package dev.nis.common.testing;

import dev.nis.common.application.port.out.IdempotencyStore;
import dev.nis.common.domain.IdempotencyKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link IdempotencyStore} for core tests; it keeps claims for ever. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  public final Map<IdempotencyKey, Claim> claims = new ConcurrentHashMap<>();

  @Override
  public Optional<Claim> claim(IdempotencyKey key, Claim claim) {
    return Optional.ofNullable(claims.putIfAbsent(key, claim));
  }

  @Override
  public Optional<Claim> find(IdempotencyKey key) {
    return Optional.ofNullable(claims.get(key));
  }
}
