package dev.nis.common.jetstream;

import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;

/**
 * One JetStream stream as the system declares it. The initializer creates it; the services only
 * publish to and consume from it.
 *
 * @param duplicateWindow how long JetStream remembers a Nats-Msg-Id to drop a re-publish
 */
public record StreamSpec(
    String name,
    List<String> subjects,
    RetentionPolicy retention,
    Duration maxAge,
    Duration duplicateWindow,
    String description) {

  public StreamSpec {
    subjects = List.copyOf(subjects);
  }

  /** The configuration with one replica: a single NATS server's, and the tests'. */
  public StreamConfiguration configuration() {
    return configuration(1);
  }

  /**
   * @param replicas how many servers of a JetStream cluster store the stream (1–5): with 3, a
   *     message is acknowledged once two of them hold it, and the stream survives one lost server
   */
  public StreamConfiguration configuration(int replicas) {
    return StreamConfiguration.builder()
        .name(name)
        .description(description)
        .subjects(subjects)
        .retentionPolicy(retention)
        .storageType(StorageType.File)
        .discardPolicy(DiscardPolicy.Old)
        .maxAge(maxAge)
        .duplicateWindow(duplicateWindow)
        .replicas(replicas)
        .build();
  }
}
