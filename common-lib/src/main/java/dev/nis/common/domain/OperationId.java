package dev.nis.common.domain;

import java.util.UUID;

/** The id of an accepted (queued) operation. */
public record OperationId(UUID value) {
  public OperationId {
    if (value == null) {
      throw new ValidationException("operation_id", "is required");
    }
  }

  public static OperationId random() {
    return new OperationId(UUID.randomUUID());
  }

  public static OperationId parse(String text) {
    try {
      UUID uuid = UUID.fromString(text);
      if (uuid.toString().equalsIgnoreCase(text)) {
        return new OperationId(uuid);
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // reported below
    }
    throw new ValidationException("operation_id", "must be a UUID");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
