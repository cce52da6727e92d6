package dev.nis.initializer;

import io.nats.client.api.KeyValueConfiguration;
import java.util.List;

/**
 * Compares a key-value bucket on the server with its declaration. As for streams, the storage type
 * and the retention of the backing stream are fixed at creation; the rest can be updated.
 */
public final class BucketComparison {
  private static final List<DeclaredField<KeyValueConfiguration>> FIELDS =
      List.of(
          DeclaredField.fixed("storage", KeyValueConfiguration::getStorageType),
          DeclaredField.fixed("retention", c -> c.getBackingConfig().getRetentionPolicy()),
          DeclaredField.updatable(
              "description", c -> StreamComparison.blankToNull(c.getDescription())),
          DeclaredField.updatable("ttl", KeyValueConfiguration::getTtl),
          DeclaredField.updatable("history", KeyValueConfiguration::getMaxHistoryPerKey),
          DeclaredField.updatable("num_replicas", KeyValueConfiguration::getReplicas));

  private BucketComparison() {}

  public static ConfigurationDiff diff(
      KeyValueConfiguration existing, KeyValueConfiguration declared) {
    return DeclaredField.compare(FIELDS, existing, declared);
  }

  /** The existing bucket with every updatable declared field set as declared, the rest kept. */
  public static KeyValueConfiguration withDeclaredFields(
      KeyValueConfiguration existing, KeyValueConfiguration declared) {
    KeyValueConfiguration.Builder update =
        KeyValueConfiguration.builder(existing)
            .ttl(declared.getTtl())
            .maxHistoryPerKey(Math.toIntExact(declared.getMaxHistoryPerKey()))
            .replicas(declared.getReplicas());
    if (declared.getDescription() != null) {
      update.description(declared.getDescription());
    }
    return update.build();
  }
}
