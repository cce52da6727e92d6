package dev.nis.common.domain;

import java.time.Instant;
import java.util.Optional;

/** The state of an accepted operation as clients read it. */
public record Operation(
    OperationId id,
    State state,
    String entityId,
    Action action,
    Optional<Rejection> rejection,
    Instant updatedAt) {

  public enum State {
    PENDING,
    APPLIED,
    REJECTED;

    public boolean isFinal() {
      return this != PENDING;
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static Operation pending(OperationId id, String entityId, Action action) {
    return new Operation(id, State.PENDING, entityId, action, Optional.empty(), Instant.now());
  }

  public static Operation applied(OperationId id, String entityId, Action action) {
    return new Operation(id, State.APPLIED, entityId, action, Optional.empty(), Instant.now());
  }

  public static Operation rejected(
      OperationId id, String entityId, Action action, Rejection rejection) {
    return new Operation(
        id, State.REJECTED, entityId, action, Optional.of(rejection), Instant.now());
  }
}
