package dev.nis.common.jetstream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JetStream's own count of what a partitioned consumer has not finished, summed over its partitions
 * and read every 250 ms (a stream per partition) or 2 s (partitions filtered out of one stream):
 * {@code nis_queue_pending} (stored, not yet delivered) and {@code nis_queue_ack_pending}
 * (delivered, not yet acked). Read from the server, not from delivered messages, so that they are
 * right while applying stalls, too.
 *
 * <p>Why two periods: the command streams' count also bounds what a replica accepts ({@link
 * dev.nis.common.application.BoundedCommandQueue}), so it must follow a backlog that grows by
 * thousands a second; an unfiltered consumer's info is cheap to answer. A filtered one's makes NATS
 * 2.9.10 recount the shared stream (bench/analysis.md, "nats-server 2.9.10's recount, located"), so
 * the enrollment log's is read as seldom as before.
 */
final class ConsumerLag implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
  private static final Duration FAST_POLL = Duration.ofMillis(250);
  private static final Duration SLOW_POLL = Duration.ofSeconds(2);

  /** JetStream's consumer info request, by stream and consumer (the default API prefix). */
  private static final String INFO_SUBJECT = "$JS.API.CONSUMER.INFO.%s.%s";

  /** How long a reading waits for its answers: jnats' default for a JetStream API request. */
  private static final Duration ANSWER_WAIT = JetStreamOptions.DEFAULT_TIMEOUT;

  private final Connection connection;
  private final ConsumerSpec spec;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong ackPending = new AtomicLong();
  private final ScheduledExecutorService poller;
  private volatile Runnable afterRead = () -> {};

  /** JetStream's API error codes of a consumer, or its stream, that is not there. */
  private static final int CONSUMER_NOT_FOUND = 10014;

  private static final int STREAM_NOT_FOUND = 10059;

  /** 1 for each partition whose consumer the last reading found gone (deleted, or its stream). */
  private final AtomicIntegerArray missing = new AtomicIntegerArray(Partitions.COUNT);

  ConsumerLag(Connection connection, ConsumerSpec spec, MeterRegistry registry) {
    this.connection = connection;
    this.spec = spec;
    Gauge.builder("nis.queue.pending", pending, AtomicLong::get)
        .description("Messages stored in the consumer's stream and not yet delivered (JetStream)")
        .tag("consumer", spec.durable())
        .register(registry);
    Gauge.builder("nis.queue.ack.pending", ackPending, AtomicLong::get)
        .description("Messages delivered and not yet acked (JetStream)")
        .tag("consumer", spec.durable())
        .register(registry);
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lag-" + spec.durable()).factory());
  }

  /** Runs {@code listener} on the polling thread after each reading that succeeded. */
  void afterEachRead(Runnable listener) {
    this.afterRead = listener;
  }

  void start() {
    long period = (spec.streamPerPartition() ? FAST_POLL : SLOW_POLL).toMillis();
    poller.scheduleWithFixedDelay(this::poll, 0, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Asks for every partition's consumer info at once and sums the answers: a reading takes one
   * round trip rather than 32 one after the other, each of which waits its turn at a saturated
   * server, so the count a {@link dev.nis.common.application.BoundedCommandQueue} gates on is
   * younger under load. jnats' {@code JetStreamManagement} has only the blocking form, so the
   * request is its own: the API subject {@code $JS.API.CONSUMER.INFO.<stream>.<consumer>} and
   * jnats' {@link ConsumerInfo} for the answer, as its {@code getConsumerInfo} does. A reading with
   * any partition unanswered is dropped whole, keeping the last.
   */
  private void poll() {
    long notDelivered = 0;
    long notAcked = 0;
    try {
      List<CompletableFuture<Message>> asked = new ArrayList<>(Partitions.COUNT);
      for (int p = 0; p < Partitions.COUNT; p++) {
        asked.add(
            connection.requestWithTimeout(
                NatsMessage.builder()
                    .subject(INFO_SUBJECT.formatted(spec.stream(p), spec.durable(p)))
                    .build(),
                ANSWER_WAIT));
      }
      boolean whole = true;
      for (int p = 0; p < Partitions.COUNT; p++) {
        ConsumerInfo info = new ConsumerInfo(asked.get(p).join());
        boolean gone =
            info.hasError()
                && (info.getApiErrorCode() == CONSUMER_NOT_FOUND
                    || info.getApiErrorCode() == STREAM_NOT_FOUND);
        missing.set(p, gone ? 1 : 0);
        if (gone) {
          whole = false;
          continue;
        }
        info.throwOnHasError();
        notDelivered += info.getNumPending();
        notAcked += info.getNumAckPending();
      }
      if (!whole) {
        log.debug("the consumer of a partition of {} is gone", spec.durable());
        return;
      }
    } catch (JetStreamApiException | RuntimeException e) {
      log.debug("could not read the lag of {}: {}", spec.durable(), e.getMessage());
      return;
    }
    pending.set(notDelivered);
    ackPending.set(notAcked);
    try {
      afterRead.run();
    } catch (RuntimeException e) {
      // a periodic task that throws is never run again: the count must go on being read
      log.warn("after reading the lag of {}: {}", spec.durable(), e.toString());
    }
  }

  /**
   * Whether the last reading found partition {@code p}'s consumer gone: deleted by hand, or with
   * its stream (an operator who deleted a stream and ran the initializer again). Its subscription
   * then receives nothing, and says so only once, so the partition attaches again ({@link
   * PartitionedConsumer}).
   */
  boolean missing(int p) {
    return missing.get(p) == 1;
  }

  /** Partition {@code p} is attached again: not missing until a reading finds it gone anew. */
  void attached(int p) {
    missing.set(p, 0);
  }

  /** The last values read, for tests and the logs. */
  long pending() {
    return pending.get();
  }

  /** Stored and not yet acked, as last read: what JetStream holds that is not yet applied. */
  long unapplied() {
    return pending.get() + ackPending.get();
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
