package dev.nis.common.jetstream;

import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.time.Duration;

/** One JetStream key-value bucket as the system declares it; the initializer creates it. */
public record BucketSpec(String name, Duration ttl, int history, String description) {

  /** The configuration with one replica: a single NATS server's, and the tests'. */
  public KeyValueConfiguration configuration() {
    return configuration(1);
  }

  /**
   * @param replicas how many servers of a JetStream cluster store the bucket's stream (1–5)
   */
  public KeyValueConfiguration configuration(int replicas) {
    return KeyValueConfiguration.builder()
        .name(name)
        .description(description)
        .ttl(ttl)
        .maxHistoryPerKey(history)
        .storageType(StorageType.File)
        .replicas(replicas)
        .build();
  }
}
