package dev.nis.bench;

import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.Partitions;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.time.Duration;

/**
 * One partitioned queue of a service as the benchmark watches it (its command stream, or its side
 * of the enrollment log): how many messages its appliers have handled (the service's own {@code
 * nis_queue_messages_total} counter on /metrics) and how many wait in JetStream (each partition
 * consumer's pending plus ack-pending, read from the server, so fresh at every read rather than the
 * gauge's 2 s poll).
 */
final class Pipeline {
  private static final String APPLIED = "nis_queue_messages_total";

  private final String metricsUrl;
  private final String[] appliedLabels;
  private final ConsumerSpec consumer;
  private final JetStreamManagement jsm;

  private Pipeline(Connection nats, String serviceUrl, ConsumerSpec consumer) throws IOException {
    this.metricsUrl = serviceUrl + "/metrics";
    this.consumer = consumer;
    this.appliedLabels =
        new String[] {"consumer=\"" + consumer.durable() + "\"", "outcome=\"handled\""};
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
        ConsumerInfo info = jsm.getConsumerInfo(consumer.stream(), consumer.durable(p));
        depth += info.getNumPending() + info.getNumAckPending();
      }
    } catch (io.nats.client.JetStreamApiException e) {
      throw new IOException(
          "cannot read consumer " + consumer.durable() + ": " + e.getMessage(), e);
    }
    return depth;
  }

  /**
   * Waits until nothing is queued (twice in a row, 200 ms apart); gives up after {@code limit}.
   *
   * @return whether the queue drained within the limit
   */
  boolean drain(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean emptyBefore = false;
    while (System.nanoTime() < deadline) {
      boolean empty = depth() == 0;
      if (empty && emptyBefore) {
        return true;
      }
      emptyBefore = empty;
      Thread.sleep(200);
    }
    return false;
  }
}
