package dev.nis.initializer;

import static net.logstash.logback.argument.StructuredArguments.v;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.StreamSpec;
import dev.nis.initializer.Outcome.Conflict;
import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Retired;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every stream and bucket of the contract to its declaration, logging one line per outcome.
 * It deletes nothing but a command stream of the earlier layout once its commands are applied
 * ({@link CommandStreamMigration}): a stream or bucket in conflict is reported and left as it is,
 * and the others are still provisioned.
 */
public final class JetStreamProvisioner {
  private static final Logger log = LoggerFactory.getLogger(JetStreamProvisioner.class);

  private final StreamProvisioner streams;
  private final BucketProvisioner buckets;
  private final CommandStreamMigration migration;

  public JetStreamProvisioner(
      StreamProvisioner streams, BucketProvisioner buckets, CommandStreamMigration migration) {
    this.streams = streams;
    this.buckets = buckets;
    this.migration = migration;
  }

  /** Each JetStream API request waits at most this long for its answer. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * @param drainWait how long a command stream of the earlier layout may take to be applied ({@code
   *     INIT_DRAIN_WAIT})
   */
  public static JetStreamProvisioner on(Connection connection, Duration drainWait)
      throws IOException {
    JetStreamOptions options = JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build();
    JetStreamManagement jsm = connection.jetStreamManagement(options);
    return new JetStreamProvisioner(
        new StreamProvisioner(jsm),
        new BucketProvisioner(
            connection.keyValueManagement(
                KeyValueOptions.builder().jetStreamOptions(options).build()),
            jsm),
        new CommandStreamMigration(jsm, drainWait));
  }

  /**
   * @param replicas the replica count of every stream and bucket ({@code NIS_STREAM_REPLICAS})
   * @throws IOException when NATS stops answering part-way; what was done until then stays done
   * @throws InterruptedException while waiting for a stream of the earlier layout to be applied
   */
  public ProvisioningReport provision(JetStreamContract contract, int replicas)
      throws IOException, InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    for (String service : List.of("courses", "students")) {
      provisionCommands(contract, service, replicas, outcomes);
    }
    for (StreamSpec stream : contract.logStreams()) {
      record(outcomes, streams.provision(stream.configuration(replicas)));
    }
    for (BucketSpec bucket : contract.buckets()) {
      record(outcomes, buckets.provision(bucket.configuration(replicas)));
    }
    return new ProvisioningReport(outcomes);
  }

  /**
   * {@code service}'s command partition streams, retiring its stream of the earlier layout around
   * them when it exists ({@link CommandStreamMigration}: its subjects overlap theirs).
   */
  private void provisionCommands(
      JetStreamContract contract, String service, int replicas, List<Outcome> outcomes)
      throws IOException, InterruptedException {
    String legacyName = contract.legacyCommandsStream(service);
    Optional<StreamInfo> legacy;
    try {
      legacy = migration.legacyStream(contract, service);
      if (legacy.isPresent()) {
        Optional<Failed> failure = migration.stopIntake(contract, service, legacy.get());
        if (failure.isPresent()) {
          record(outcomes, List.of(failure.get()));
          return;
        }
      }
    } catch (JetStreamApiException e) {
      record(outcomes, List.of(new Failed(ResourceKind.STREAM, legacyName, e.getMessage())));
      return;
    }
    boolean provisioned = true;
    for (List<Outcome> result : provisionAtOnce(contract.commandsStreams(service), replicas)) {
      provisioned &= result.stream().noneMatch(o -> o instanceof Failed || o instanceof Conflict);
      record(outcomes, result);
    }
    if (legacy.isPresent() && provisioned) {
      try {
        record(outcomes, migration.finish(contract, service, legacy.get()));
      } catch (JetStreamApiException e) {
        record(outcomes, List.of(new Failed(ResourceKind.STREAM, legacyName, e.getMessage())));
      }
    }
  }

  /**
   * Provisions {@code specs} concurrently, each outcome in the order of {@code specs}: a change of
   * replicas waits for each stream's new copies to catch up (at least a second each, {@link
   * Replication#awaitCaughtUp}), which one partition after the other added a minute to an R1 → R3
   * change of the 64 command streams.
   */
  private List<List<Outcome>> provisionAtOnce(List<StreamSpec> specs, int replicas)
      throws IOException, InterruptedException {
    List<Future<List<Outcome>>> pending = new ArrayList<>();
    try (ExecutorService provisioning = Executors.newVirtualThreadPerTaskExecutor()) {
      for (StreamSpec spec : specs) {
        pending.add(provisioning.submit(() -> streams.provision(spec.configuration(replicas))));
      }
    }
    List<List<Outcome>> results = new ArrayList<>();
    for (Future<List<Outcome>> result : pending) {
      try {
        results.add(result.get());
      } catch (ExecutionException e) {
        switch (e.getCause()) {
          case IOException io -> throw io;
          case RuntimeException runtime -> throw runtime;
          default -> throw new IllegalStateException(e.getCause());
        }
      }
    }
    return results;
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
      case Retired r ->
          log.info(
              "{} {} {}: its commands applied, deleted; its successors number after {}",
              kind,
              name,
              v("outcome", "retired"),
              v("last_sequence", r.lastSequence()));
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
