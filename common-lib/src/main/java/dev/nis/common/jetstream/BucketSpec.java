package dev.nis.common.jetstream;

import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.time.Duration;

/** One JetStream key-value bucket as the system declares it; the initializer creates it. */
public record BucketSpec(String name, Duration ttl, int history, String description) {

  public KeyValueConfiguration configuration() {
    return KeyValueConfiguration.builder()
        .name(name)
        .description(description)
        .ttl(ttl)
        .maxHistoryPerKey(history)
        .storageType(StorageType.File)
        .replicas(1)
        .build();
  }
}
