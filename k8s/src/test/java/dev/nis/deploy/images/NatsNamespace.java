package dev.nis.deploy.images;

import dev.nis.common.jetstream.JetStreamContract;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh namespace on the NATS of the environment ({@code NATS_URL}, default local); closing it
 * deletes every stream and bucket in it.
 */
final class NatsNamespace implements AutoCloseable {
  static final String NATS_URL = System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222");

  final JetStreamContract contract;
  private final Connection connection;
  private final JetStreamManagement jsm;

  private NatsNamespace(JetStreamContract contract, Connection connection) throws IOException {
    this.contract = contract;
    this.connection = connection;
    this.jsm = connection.jetStreamManagement();
  }

  static NatsNamespace create() throws IOException, InterruptedException {
    String namespace = "img" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Options options =
        new Options.Builder().server(NATS_URL).connectionTimeout(Duration.ofSeconds(5)).build();
    return new NatsNamespace(new JetStreamContract(namespace), Nats.connect(options));
  }

  String namespace() {
    return contract.namespace();
  }

  /** The names of the streams in this namespace, buckets' streams included. */
  List<String> streams() throws IOException, JetStreamApiException {
    String prefix = contract.namespace().toUpperCase(Locale.ROOT) + "_";
    String bucketPrefix = "KV_" + contract.namespace() + "_";
    return jsm.getStreamNames().stream()
        .filter(s -> s.startsWith(prefix) || s.startsWith(bucketPrefix))
        .toList();
  }

  @Override
  public void close() throws IOException, JetStreamApiException, InterruptedException {
    try {
      for (String stream : streams()) {
        jsm.deleteStream(stream);
      }
    } finally {
      connection.close();
    }
  }
}
