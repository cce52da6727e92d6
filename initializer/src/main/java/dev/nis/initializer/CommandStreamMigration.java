package dev.nis.initializer;

import static dev.nis.initializer.ResourceKind.STREAM;

import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.Partitions;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Retired;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PurgeOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.StreamState;
import io.nats.client.api.Subject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Moves a service from the command layout before December 2026, one stream whose subjects are all
 * the partitions ({@link JetStreamContract#legacyCommandsStream}), to a stream per partition.
 *
 * <p>The commands in the old stream must be applied by the services that read it, and an entity's
 * later commands must carry larger sequences than its last applied one (I4: each entity keeps the
 * stream sequence of the last command applied to it and ignores older ones). So, for each service
 * whose old stream exists, in steps that are each safe to run again after a kill:
 *
 * <ol>
 *   <li>{@link #stopIntake}: the old stream's subjects are renamed to {@code
 *       <namespace>.retired.<service>.commands.*}. Nothing more lands in it (a running service of
 *       the earlier version answers a mutation 503, so nothing is accepted and lost), while its
 *       consumers still deliver what it holds (checked on NATS 2.9.10).
 *   <li>It waits, up to {@code INIT_DRAIN_WAIT}, until those consumers have applied it all: the
 *       earlier version's services keep running while this job runs (Helm runs it before rolling
 *       them; with compose, README.md says how). If they do not, the subjects are given back, and
 *       the stream is left as it was.
 *   <li>The partition streams are provisioned (by the caller) and {@link #finish} makes each empty
 *       one start after the old stream's last sequence (a purge up to that sequence).
 *   <li>{@link #finish} deletes the old stream.
 * </ol>
 */
final class CommandStreamMigration {
  private static final Duration POLL = Duration.ofMillis(250);

  private final JetStreamManagement jsm;
  private final Duration drainWait;

  /**
   * @param drainWait how long to wait for the old stream's commands to be applied
   */
  CommandStreamMigration(JetStreamManagement jsm, Duration drainWait) {
    this.jsm = jsm;
    this.drainWait = drainWait;
  }

  /** The old stream of {@code service}, when it still exists. */
  Optional<StreamInfo> legacyStream(JetStreamContract contract, String service)
      throws IOException, JetStreamApiException {
    try {
      return Optional.of(jsm.getStreamInfo(contract.legacyCommandsStream(service)));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Steps 1 and 2: stops new commands landing in the old stream and waits until its commands are
   * applied.
   *
   * @return empty when they are, or the failure naming what is left (the stream then as it was)
   */
  Optional<Failed> stopIntake(JetStreamContract contract, String service, StreamInfo legacy)
      throws IOException, JetStreamApiException, InterruptedException {
    String name = legacy.getConfiguration().getName();
    List<String> retired = List.of(retiredSubjects(contract, service));
    // a run killed while it waited left the subjects retired: what they were is the old layout's
    List<String> subjects =
        legacy.getConfiguration().getSubjects().equals(retired)
            ? List.of(contract.legacyCommandsSubjects(service))
            : legacy.getConfiguration().getSubjects();
    if (!legacy.getConfiguration().getSubjects().equals(retired)) {
      jsm.updateStream(
          StreamConfiguration.builder(legacy.getConfiguration()).subjects(retired).build());
    }
    long deadline = System.nanoTime() + drainWait.toNanos();
    Map<String, Long> unapplied = unapplied(name);
    while (!unapplied.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(POLL);
      unapplied = unapplied(name);
    }
    if (unapplied.isEmpty()) {
      return Optional.empty();
    }
    jsm.updateStream(
        StreamConfiguration.builder(jsm.getStreamInfo(name).getConfiguration())
            .subjects(subjects)
            .build());
    long total = unapplied.values().stream().mapToLong(Long::longValue).sum();
    return Optional.of(
        new Failed(
            STREAM,
            name,
            "the stream of the earlier layout still holds "
                + total
                + " commands not applied after "
                + drainWait.toSeconds()
                + " s ("
                + unapplied
                + "); run the earlier version's "
                + service
                + " service until they are, then run the initializer again (INIT_DRAIN_WAIT waits"
                + " longer); the stream was left as it was"));
  }

  /**
   * Steps 3 and 4, once the partition streams exist: makes each empty one start after the old
   * stream's last sequence, then deletes the old stream.
   */
  List<Outcome> finish(JetStreamContract contract, String service, StreamInfo legacy)
      throws IOException, JetStreamApiException {
    String name = legacy.getConfiguration().getName();
    long last = jsm.getStreamInfo(name).getStreamState().getLastSequence();
    List<Outcome> outcomes = new ArrayList<>();
    for (int p = 0; p < Partitions.COUNT; p++) {
      String partition = contract.commandsStream(service, p);
      StreamState state = jsm.getStreamInfo(partition).getStreamState();
      if (state.getLastSequence() > last) {
        continue;
      }
      if (state.getMsgCount() > 0) {
        outcomes.add(
            new Failed(
                STREAM,
                partition,
                "holds messages numbered at most "
                    + last
                    + ", the last sequence of "
                    + name
                    + ", which entities may already have applied; left as it is, and "
                    + name
                    + " kept"));
        continue;
      }
      jsm.purgeStream(partition, PurgeOptions.builder().sequence(last + 1).build());
    }
    if (outcomes.isEmpty()) {
      jsm.deleteStream(name);
      outcomes.add(new Retired(STREAM, name, last));
    }
    return outcomes;
  }

  private static String retiredSubjects(JetStreamContract contract, String service) {
    return contract.namespace() + ".retired." + service + ".commands.*";
  }

  /**
   * What the old stream's consumers have not applied (stored and not delivered, or delivered and
   * not acked), by consumer; and every message of a subject that no consumer reads (a partition
   * whose consumer was never made, or the unpartitioned subject of the layout before that), by
   * subject. Only what has something left.
   */
  private Map<String, Long> unapplied(String stream) throws IOException, JetStreamApiException {
    Map<String, Long> left = new TreeMap<>();
    Set<String> read = new HashSet<>();
    boolean readsAll = false;
    for (ConsumerInfo info : jsm.getConsumers(stream)) {
      long count = info.getNumPending() + info.getNumAckPending();
      if (count > 0) {
        left.put(info.getName(), count);
      }
      String filter = info.getConsumerConfiguration().getFilterSubject();
      if (filter == null || filter.isEmpty()) {
        readsAll = true;
      } else {
        read.add(filter);
      }
    }
    if (!readsAll) {
      messagesBySubject(stream)
          .forEach(
              (subject, count) -> {
                if (count > 0 && !read.contains(subject)) {
                  left.put("no consumer reads " + subject, count);
                }
              });
    }
    return left;
  }

  private Map<String, Long> messagesBySubject(String stream)
      throws IOException, JetStreamApiException {
    Map<String, Long> counts = new HashMap<>();
    StreamInfo info = jsm.getStreamInfo(stream, StreamInfoOptions.allSubjects());
    List<Subject> subjects = info.getStreamState().getSubjects();
    if (subjects != null) {
      for (Subject subject : subjects) {
        counts.put(subject.getName(), subject.getCount());
      }
    }
    return counts;
  }
}
