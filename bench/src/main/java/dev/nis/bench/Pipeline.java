package dev.nis.bench;

import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.Partitions;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;

/**
 * One partitioned queue of a service as the benchmark watches it (its command stream, or its side
 * of the enrollment log): how many messages its appliers have handled (the service's own {@code
 * nis_queue_messages_total} counter on /metrics) and how many wait in JetStream.
 *
 * <p>What waits is read two ways. {@link #depth} is exact: each partition consumer's pending plus
 * ack-pending, read from the server. But NATS 2.9 recounts a consumer's pending on every info
 * request by reading the messages of its block one by one (its {@code FilteredState}: the 32
 * partitions' messages are interleaved in the stream's blocks), so 32 requests cost the server
 * about 32 passes over the backlog: a CPU profile of nats-server 2.9.10 (pprof, 2026-12-03) while a
 * backlog of ~15,000 creates drained showed 50 % of its CPU in those requests, nearly all the
 * benchmark's own sampling. {@link #estimatedDepth}, which the samplers and the drain use, counts
 * instead: the messages the stream stored since an exact reading (its last sequence, one stream
 * info) less those the service settled since (one scrape of its /metrics); the drain takes an exact
 * reading every 2 s and confirms an empty queue with one. That was the one-stream layout's cost:
 * the command streams are now one per partition, whose consumer infos the server answers without a
 * recount, so for them {@link #estimatedDepth} is the exact reading; the count stays for the
 * enrollment log (one stream, filtered consumers).
 */
final class Pipeline {
  private static final String APPLIED = "nis_queue_messages_total";

  /** An exact reading and the counts at its time, from which {@link #estimatedDepth} counts on. */
  private record Baseline(long depth, long lastSequence, double settled) {}

  private volatile Baseline baseline;

  private final String metricsUrl;
  private final String[] appliedLabels;
  private final String[] deadLetteredLabels;
  private final ConsumerSpec consumer;
  private final JetStreamManagement jsm;

  private Pipeline(Connection nats, String serviceUrl, ConsumerSpec consumer) throws IOException {
    this.metricsUrl = serviceUrl + "/metrics";
    this.consumer = consumer;
    this.appliedLabels =
        new String[] {"consumer=\"" + consumer.durable() + "\"", "outcome=\"handled\""};
    this.deadLetteredLabels =
        new String[] {"consumer=\"" + consumer.durable() + "\"", "outcome=\"dead_letter\""};
    this.jsm = nats.jetStreamManagement();
  }

  /** {@code service}'s own commands ({@code <service>-command-applier-00..31}). */
  static Pipeline commands(Connection nats, Stack stack, String service) throws IOException {
    return new Pipeline(
        nats,
        url(stack, service),
        new JetStreamContract(stack.namespace).commandsConsumer(service));
  }

  /** {@code service}'s side of the enrollment log ({@code <service>-enrollment-applier-NN}). */
  static Pipeline enrollments(Connection nats, Stack stack, String service) throws IOException {
    return new Pipeline(
        nats,
        url(stack, service),
        new JetStreamContract(stack.namespace).enrollmentConsumer(service));
  }

  private static String url(Stack stack, String service) {
    return service.equals("courses") ? stack.coursesUrl() : stack.studentsUrl();
  }

  /** The consumers' base name, e.g. {@code courses-command-applier}. */
  String name() {
    return consumer.durable();
  }

  /**
   * The service's progress as one scrape of its /metrics reads it: the messages applied (handled)
   * since it started, and its inserts and the store round trips that carried them (the group
   * commit's {@code nis_store_batch_size} histogram: its sum and its count).
   */
  record Progress(double applied, double inserts, double roundTrips) {
    /** Inserts per round trip between {@code before} and this reading; 0 when there was none. */
    double insertsPerRoundTripSince(Progress before) {
      double trips = roundTrips - before.roundTrips;
      return trips == 0 ? 0 : (inserts - before.inserts) / trips;
    }
  }

  /** The service's {@link Progress} now. */
  Progress progress() throws IOException, InterruptedException {
    String exposition = Http.get(metricsUrl).body();
    return new Progress(
        Metrics.sum(exposition, APPLIED, appliedLabels),
        Metrics.sum(exposition, "nis_store_batch_size_sum", "operation=\"insert\""),
        Metrics.sum(exposition, "nis_store_batch_size_count", "operation=\"insert\""));
  }

  /** Commands stored and not yet acked, summed over the partitions' consumers. */
  long depth() throws IOException {
    long depth = 0;
    try {
      for (int p = 0; p < Partitions.COUNT; p++) {
        ConsumerInfo info = jsm.getConsumerInfo(consumer.stream(p), consumer.durable(p));
        depth += info.getNumPending() + info.getNumAckPending();
      }
    } catch (io.nats.client.JetStreamApiException e) {
      throw new IOException(
          "cannot read consumer " + consumer.durable() + ": " + e.getMessage(), e);
    }
    return depth;
  }

  /**
   * Commands stored and not yet settled, counted from the last exact reading (taken now when there
   * is none): the messages the stream stored since, less those the service handled or dead-lettered
   * since. Each message of the stream is one this queue's consumers settle once (the commands of
   * one service; each side applies every entry of the enrollment log). Never below 0.
   */
  long estimatedDepth() throws IOException, InterruptedException {
    if (consumer.streamPerPartition()) {
      // a partition stream's consumer info is cheap to answer (no recount: one subject per
      // stream), and the count below drifts where the scrape is slow: under the half-rate
      // creates (thousands of requests held open) the service answered /metrics seconds late, so
      // the stored count ran ahead of the settled one and a queue drained in 0.2 s read 8,225
      return depth();
    }
    Baseline from = baseline;
    if (from == null) {
      from = exactBaseline();
    }
    double settled = settled();
    long sequence = lastSequence();
    if (settled < from.settled() || sequence < from.lastSequence()) {
      // the service restarted (its counters began again) or the stream was made again
      from = exactBaseline();
      settled = from.settled();
      sequence = from.lastSequence();
    }
    long depth =
        from.depth() + (sequence - from.lastSequence()) - Math.round(settled - from.settled());
    return Math.max(0, depth);
  }

  private Baseline exactBaseline() throws IOException, InterruptedException {
    double settled = settled();
    long sequence = lastSequence();
    Baseline exact = new Baseline(depth(), sequence, settled);
    baseline = exact;
    return exact;
  }

  private double settled() throws IOException, InterruptedException {
    String exposition = Http.get(metricsUrl).body();
    return Metrics.sum(exposition, APPLIED, appliedLabels)
        + Metrics.sum(exposition, APPLIED, deadLetteredLabels);
  }

  /**
   * The last sequences of the consumers' streams, summed: the enrollment log's one stream, or the
   * command partitions' 32, each numbering its own messages. It grows by the messages stored. One
   * request (the stream list filtered by the partitions' subjects), not one per stream, so that the
   * sampling does not load nats-server 32 times more with the per-partition layout.
   */
  private long lastSequence() throws IOException {
    try {
      long sum = 0;
      for (StreamInfo info : jsm.getStreams(consumer.subjectPrefix() + "*")) {
        sum += info.getStreamState().getLastSequence();
      }
      return sum;
    } catch (io.nats.client.JetStreamApiException e) {
      throw new IOException(
          "cannot read the streams of " + consumer.stream() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until nothing is queued (twice in a row, 200 ms apart, by {@link #estimatedDepth}, then
   * by an exact reading); gives up after {@code limit}.
   *
   * @return whether the queue drained within the limit
   */
  boolean drain(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean emptyBefore = false;
    for (int reading = 1; System.nanoTime() < deadline; reading++) {
      // an exact reading every 2 s: a count that drifted (a settle counted twice, another
      // replica's settles, which this scrape does not see) cannot hold the drain up for long
      long depth = reading % 10 == 0 ? exactBaseline().depth() : estimatedDepth();
      boolean empty = depth == 0;
      if (empty && emptyBefore) {
        if (exactBaseline().depth() == 0) {
          return true;
        }
        empty = false;
      }
      emptyBefore = empty;
      Thread.sleep(200);
    }
    return false;
  }
}
