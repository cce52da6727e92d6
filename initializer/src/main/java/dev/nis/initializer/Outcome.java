package dev.nis.initializer;

import java.util.List;

/** What provisioning did, or could not do, to one stream or bucket. */
public sealed interface Outcome {
  ResourceKind kind();

  String name();

  /** It did not exist and was created as declared. */
  record Created(ResourceKind kind, String name) implements Outcome {}

  /** It existed with differences JetStream can apply in place, and these were applied. */
  record Updated(ResourceKind kind, String name, List<FieldDifference> changes) implements Outcome {
    public Updated {
      changes = List.copyOf(changes);
    }
  }

  /** It exists and matches the declaration in every declared field. */
  record Unchanged(ResourceKind kind, String name) implements Outcome {}

  /**
   * It exists with a field that cannot be changed in place; it is left exactly as it is (one
   * conflict per such field).
   */
  record Conflict(ResourceKind kind, String name, String field, String existing, String declared)
      implements Outcome {}

  /**
   * A stream of an earlier layout whose messages were all applied, deleted; its successors number
   * their messages after its last sequence ({@link CommandStreamMigration}).
   */
  record Retired(ResourceKind kind, String name, long lastSequence) implements Outcome {}

  /** JetStream refused the request for this stream or bucket (e.g. subjects overlap). */
  record Failed(ResourceKind kind, String name, String reason) implements Outcome {}
}
