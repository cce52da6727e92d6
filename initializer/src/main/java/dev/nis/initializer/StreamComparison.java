package dev.nis.initializer;

import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * Compares a stream's configuration on the server with its declaration, in the fields the contract
 * declares, and knows which of them NATS 2.9 can change on a live stream (retention and storage
 * cannot).
 */
public final class StreamComparison {
  private static final List<DeclaredField<StreamConfiguration>> FIELDS =
      List.of(
          DeclaredField.fixed("retention", StreamConfiguration::getRetentionPolicy),
          DeclaredField.fixed("storage", StreamConfiguration::getStorageType),
          DeclaredField.updatable("description", c -> blankToNull(c.getDescription())),
          DeclaredField.updatable("subjects", c -> new TreeSet<>(c.getSubjects())),
          DeclaredField.updatable("discard", StreamConfiguration::getDiscardPolicy),
          DeclaredField.updatable("max_age", StreamConfiguration::getMaxAge),
          DeclaredField.updatable("duplicate_window", c -> zeroToNull(c.getDuplicateWindow())),
          DeclaredField.updatable("num_replicas", StreamConfiguration::getReplicas));

  private StreamComparison() {}

  public static ConfigurationDiff diff(StreamConfiguration existing, StreamConfiguration declared) {
    return DeclaredField.compare(FIELDS, existing, declared);
  }

  /**
   * The configuration to send as an update: the existing one with every updatable declared field
   * set as declared. Fields the contract does not declare (limits an operator tuned, max consumers
   * that NATS 2.9 refuses to change) are kept as they are.
   */
  public static StreamConfiguration withDeclaredFields(
      StreamConfiguration existing, StreamConfiguration declared) {
    StreamConfiguration.Builder update =
        StreamConfiguration.builder(existing)
            .subjects(declared.getSubjects())
            .discardPolicy(declared.getDiscardPolicy())
            .maxAge(declared.getMaxAge())
            .replicas(declared.getReplicas());
    if (declared.getDescription() != null) {
      update.description(declared.getDescription());
    }
    if (zeroToNull(declared.getDuplicateWindow()) != null) {
      update.duplicateWindow(declared.getDuplicateWindow());
    }
    return update.build();
  }

  static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  /** JetStream reads a zero duplicate window as "the server's default", so it is not declared. */
  private static Duration zeroToNull(Duration duration) {
    return duration == null || duration.isZero() ? null : duration;
  }
}
