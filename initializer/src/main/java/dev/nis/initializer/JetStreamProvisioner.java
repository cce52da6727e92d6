package dev.nis.initializer;

import static net.logstash.logback.argument.StructuredArguments.v;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.StreamSpec;
import dev.nis.initializer.Outcome.Conflict;
import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every stream and bucket of the contract to its declaration, logging one line per outcome.
 * It never deletes anything: a stream or bucket in conflict is reported and left as it is, and the
 * others are still provisioned.
 */
public final class JetStreamProvisioner {
  private static final Logger log = LoggerFactory.getLogger(JetStreamProvisioner.class);

  private final StreamProvisioner streams;
  private final BucketProvisioner buckets;

  public JetStreamProvisioner(StreamProvisioner streams, BucketProvisioner buckets) {
    this.streams = streams;
    this.buckets = buckets;
  }

  /** Each JetStream API request waits at most this long for its answer. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  public static JetStreamProvisioner on(Connection connection) throws IOException {
    JetStreamOptions options = JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build();
    JetStreamManagement jsm = connection.jetStreamManagement(options);
    return new JetStreamProvisioner(
        new StreamProvisioner(jsm),
        new BucketProvisioner(
            connection.keyValueManagement(
                KeyValueOptions.builder().jetStreamOptions(options).build()),
            jsm));
  }

  /**
   * @param replicas the replica count of every stream and bucket ({@code NIS_STREAM_REPLICAS})
   * @throws IOException when NATS stops answering part-way; what was done until then stays done
   */
  public ProvisioningReport provision(JetStreamContract contract, int replicas) throws IOException {
    List<Outcome> outcomes = new ArrayList<>();
    for (StreamSpec stream : contract.streams()) {
      record(outcomes, streams.provision(stream.configuration(replicas)));
    }
    for (BucketSpec bucket : contract.buckets()) {
      record(outcomes, buckets.provision(bucket.configuration(replicas)));
    }
    return new ProvisioningReport(outcomes);
  }

  private static void record(List<Outcome> outcomes, List<Outcome> more) {
    more.forEach(JetStreamProvisioner::log);
    outcomes.addAll(more);
  }

  private static void log(Outcome outcome) {
    var kind = v("kind", outcome.kind().label());
    var name = v("name", outcome.name());
    switch (outcome) {
      case Created c -> log.info("{} {} {}", kind, name, v("outcome", "created"));
      case Unchanged u -> log.info("{} {} {}", kind, name, v("outcome", "unchanged"));
      case Updated u ->
          log.info(
              "{} {} {}: {}",
              kind,
              name,
              v("outcome", "updated"),
              v(
                  "changes",
                  u.changes().stream()
                      .map(FieldDifference::toString)
                      .collect(Collectors.joining(", "))));
      case Conflict c ->
          log.error(
              "{} {} in {}: {} is {} but declared {}, which JetStream cannot change in place;"
                  + " left as it is",
              kind,
              name,
              v("outcome", "conflict"),
              v("field", c.field()),
              v("existing", c.existing()),
              v("declared", c.declared()));
      case Failed f ->
          log.error("{} {} {}: {}", kind, name, v("outcome", "failed"), v("reason", f.reason()));
    }
  }
}
