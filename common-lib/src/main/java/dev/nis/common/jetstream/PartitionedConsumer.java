package dev.nis.common.jetstream;

import dev.nis.common.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a partitioned stream ({@link Partitions}): one durable consumer per partition, each with
 * {@code max_ack_pending = 1}, pulled by a thread of its own. JetStream hands out a partition's
 * next message only once the previous one is acked (or terminated), whichever replica holds it, so
 * order holds per partition across any number of replicas while the partitions run in parallel; a
 * replica that dies leaves at most one message per partition, redelivered after the short ack wait.
 *
 * <p>A message whose apply takes longer than a third of the ack wait is kept with in-progress
 * signals, so a slow apply is not redelivered to another replica while it runs. On {@link #stop},
 * each partition finishes the message in hand and applies what JetStream had already sent it
 * ({@link PartitionPull#drainForStop}), then the threads end.
 */
public final class PartitionedConsumer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PartitionedConsumer.class);

  /** How long a loop waits for its next message; bounds how long {@link #stop} waits for it. */
  private static final Duration NEXT_WAIT = Duration.ofMillis(500);

  private static final Duration NOT_READY_PAUSE = Duration.ofMillis(100);

  /** Tries to attach a partition whose JetStream API request timed out, 0.5 s apart and more. */
  private static final int ATTACH_ATTEMPTS = 5;

  private static final Duration ATTACH_PAUSE = Duration.ofMillis(500);

  /** How often a partition whose consumer is gone tries to attach again. */
  private static final Duration REATTACH_PAUSE = Duration.ofSeconds(1);

  /** Tries to attach again per partition, for the log's pace. */
  private final Map<Integer, Integer> reattachTries = new ConcurrentHashMap<>();

  private final Connection connection;
  private final ConsumerSpec spec;
  private final MessageDisposition disposition;
  private final ConsumerLag lag;
  private final List<Thread> loops = new ArrayList<>();
  private final List<AtomicReference<Held>> inHand = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private volatile boolean running;

  /** The partitions' attaching, begun by {@link #attach} (or by {@link #start}), and when. */
  private CompletableFuture<List<PartitionPull>> attaching;

  private long attachBegan;

  /** A message being applied and when its apply began (or was last reported in progress). */
  private record Held(Message message, long sinceNanos) {}

  public PartitionedConsumer(
      Connection connection, ConsumerSpec spec, MessageHandler handler, MeterRegistry registry) {
    this(connection, spec, handler, registry, Tracing.off());
  }

  /** As above, each delivery traced as a consumer span ({@link MessageTracing}). */
  public PartitionedConsumer(
      Connection connection,
      ConsumerSpec spec,
      MessageHandler handler,
      MeterRegistry registry,
      Tracing tracing) {
    this.connection = connection;
    this.spec = spec;
    this.disposition = new MessageDisposition(connection, spec, handler, registry, tracing);
    this.lag = new ConsumerLag(connection, spec, registry);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("in-progress-" + spec.durable()).factory());
  }

  /**
   * Begins creating or updating each partition's durable consumer and subscribing to it, on a
   * thread of its own, without pulling anything: {@link #start} then waits for it. A service calls
   * this as soon as NATS is connected, so that the JetStream API round trips (64 per service, ~55
   * ms per stream here) overlap the start of its servers instead of following it (start-up, issue
   * 11). Calling it again does nothing.
   */
  public synchronized void attach() {
    if (attaching == null) {
      attachBegan = System.nanoTime();
      attaching = new CompletableFuture<>();
      Thread.ofVirtual()
          .name("attach-" + spec.durable())
          .start(
              () -> {
                try {
                  attaching.complete(attachAll());
                } catch (IOException | RuntimeException e) {
                  attaching.completeExceptionally(e);
                }
              });
    }
  }

  /**
   * Creates or updates each partition's durable consumer (or waits for {@link #attach} to have done
   * so), then starts pulling whenever {@code applyReady} says that what applying needs answers (so
   * nothing is pulled only to fail, and pulling resumes as soon as it answers again). A missing
   * stream is reported as such: the initializer creates the streams, not the services.
   *
   * <p>The partitions are attached concurrently: each takes a JetStream API round trip, which one
   * after the other added up to seconds of a service's start-up (64 partitions per service). The
   * subscription binds to the consumer just created or updated without looking it up again ({@code
   * fastBind}).
   *
   * @throws IOException when JetStream did not answer the attaching in time
   * @throws IllegalStateException when the stream is missing (run the initializer)
   */
  public void start(BooleanSupplier applyReady) throws IOException {
    attach();
    List<PartitionPull> partitions = attached();
    log.info(
        "attached {} partition consumers of {} in {} ms",
        partitions.size(),
        spec.stream(),
        (System.nanoTime() - attachBegan) / 1_000_000);
    running = true;
    for (int p = 0; p < Partitions.COUNT; p++) {
      AtomicReference<Held> held = new AtomicReference<>();
      PartitionPull partition = partitions.get(p);
      int index = p;
      inHand.add(held);
      loops.add(
          Thread.ofPlatform()
              .name("consumer-" + spec.durable(p))
              .start(() -> loop(index, partition, held, applyReady)));
    }
    long tick = spec.ackWait().toMillis() / 3;
    ticker.scheduleAtFixedRate(this::keepInProgress, tick, tick, TimeUnit.MILLISECONDS);
    lag.start();
  }

  /**
   * The messages of this consumer's partitions that JetStream holds and no replica has acked yet
   * (not delivered, or delivered and in hand), summed over the partitions as last read from the
   * server: 0 before {@link #start}, and up to 250 ms old for a stream per partition.
   */
  public long unapplied() {
    return lag.unapplied();
  }

  /**
   * Runs {@code listener} after each new reading of {@link #unapplied} (on the thread that reads
   * it, so it must not block): a {@link dev.nis.common.application.BoundedCommandQueue}'s waiting
   * requests look at the count when it changes, not on a timer of their own.
   */
  public void afterEachCount(Runnable listener) {
    lag.afterEachRead(listener);
  }

  /** The partitions {@link #attach} attached, or what it failed with, as {@link #start} throws. */
  private List<PartitionPull> attached() throws IOException {
    try {
      return attaching.join();
    } catch (CompletionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException runtime -> throw runtime;
        default -> throw e;
      }
    }
  }

  private List<PartitionPull> attachAll() throws IOException {
    List<Future<PartitionPull>> attaching = new ArrayList<>();
    try (ExecutorService attach = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int p = 0; p < Partitions.COUNT; p++) {
        int partition = p;
        attaching.add(attach.submit(() -> attach(partition)));
      }
    }
    List<PartitionPull> partitions = new ArrayList<>();
    for (Future<PartitionPull> partition : attaching) {
      try {
        partitions.add(partition.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while attaching to " + spec.stream(), e);
      } catch (ExecutionException e) {
        switch (e.getCause()) {
          case IOException io -> throw io;
          case RuntimeException runtime -> throw runtime;
          default -> throw new IllegalStateException(e.getCause());
        }
      }
    }
    return partitions;
  }

  /**
   * Attaches partition {@code p}, asking again when JetStream's API did not answer in time:
   * creating or updating the same consumer again is harmless, and a cluster that creates a
   * service's 64 replicated consumers at once (each a Raft group of its own) answers some of them
   * late on a loaded machine (seen: a ClusterFailoverIT run whose students service exited at
   * start-up with "Timeout or no response waiting for NATS JetStream server").
   */
  private PartitionPull attach(int p) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return attachOnce(p);
      } catch (IOException e) {
        if (attempt >= ATTACH_ATTEMPTS) {
          throw e;
        }
        log.warn(
            "attaching {} (attempt {}) failed, trying again: {}",
            spec.durable(p),
            attempt,
            e.getMessage());
        sleep(ATTACH_PAUSE.multipliedBy(attempt));
      }
    }
  }

  private PartitionPull attachOnce(int p) throws IOException {
    try {
      connection.jetStreamManagement().addOrUpdateConsumer(spec.stream(p), spec.configuration(p));
      return new PartitionPull(
          connection,
          connection
              .jetStream()
              .subscribe(
                  spec.filterSubject(p),
                  PullSubscribeOptions.fastBind(spec.stream(p), spec.durable(p))),
          spec.durable(p));
    } catch (IllegalStateException e) {
      // jnats' "Output queue is full": it waits for its outgoing queue's lock for the request sweep
      // (1 s here, NatsConnector), which a starved machine can exceed (a fresh helper saw courses
      // exit at start-up so at load average 35); asked again, as a late answer is
      throw new IOException("the NATS client could not send in time: " + e.getMessage(), e);
    } catch (JetStreamApiException e) {
      throw new IllegalStateException(
          "cannot attach consumer "
              + spec.durable(p)
              + " to stream "
              + spec.stream(p)
              + " ("
              + e.getMessage()
              + "): run the initializer first",
          e);
    }
  }

  private void loop(
      int p, PartitionPull attached, AtomicReference<Held> held, BooleanSupplier applyReady) {
    PartitionPull partition = attached;
    try {
      while (running) {
        Message message;
        if (lag.missing(p)) {
          partition = attachedAgain(p, partition);
        }
        try {
          if (!applyReady.getAsBoolean()) {
            partition.release();
            sleep(NOT_READY_PAUSE);
            continue;
          }
          message = partition.next(NEXT_WAIT);
        } catch (RuntimeException e) {
          logUnlessDisconnected("pull from {} failed: {}", spec.durable(), e.getMessage());
          sleep(NEXT_WAIT);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (message != null) {
          process(message, held);
        }
      }
    } finally {
      try {
        partition.drainForStop(message -> process(message, held));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Partition {@code p}'s consumer is gone (deleted, or with its stream): attaches again, as at
   * start, and leaves the old subscription, which would receive nothing more. While the stream is
   * missing too, tries again each second, logging at the first try and every 30th.
   */
  private PartitionPull attachedAgain(int p, PartitionPull gone) {
    try {
      PartitionPull again = attachOnce(p);
      lag.attached(p);
      gone.unsubscribe();
      log.warn("{}: its consumer was gone; attached again to {}", spec.durable(p), spec.stream(p));
      return again;
    } catch (IOException | RuntimeException e) {
      if (reattachTries.merge(p, 1, Integer::sum) % 30 == 1) {
        log.warn(
            "{}: its consumer is gone and cannot be made again: {}",
            spec.durable(p),
            e.getMessage());
      }
      sleep(REATTACH_PAUSE);
      return gone;
    }
  }

  private void process(Message message, AtomicReference<Held> held) {
    held.set(new Held(message, System.nanoTime()));
    try {
      disposition.process(message);
    } catch (RuntimeException e) {
      // the ack or nak could not be sent: the connection is between two servers of a cluster
      // (jnats buffers nothing then). JetStream redelivers the message after the ack wait, and
      // applying it again changes nothing; the partition's loop must live on.
      logUnlessDisconnected(
          "{}: could not settle stream sequence {} ({}); it is redelivered after the ack wait",
          spec.durable(),
          message.metaData().streamSequence(),
          e.getMessage());
    } finally {
      held.set(null);
    }
  }

  /**
   * A failure to reach the server, at warn while the connection is up, at debug while it is down:
   * the outage itself is {@link NatsOutageLog}'s few lines, and each of the 32 partitions' loops
   * (and the ticker) failing at once made ~20 warnings of every disconnection (found by two fresh
   * helpers; README.md, "Logs").
   */
  private void logUnlessDisconnected(String format, Object... arguments) {
    if (connection.getStatus() == Connection.Status.CONNECTED) {
      log.warn(format, arguments);
    } else {
      log.debug(format, arguments);
    }
  }

  /** Tells JetStream that messages applied for over a third of the ack wait are still in hand. */
  private void keepInProgress() {
    long now = System.nanoTime();
    long third = spec.ackWait().toNanos() / 3;
    for (AtomicReference<Held> slot : inHand) {
      Held held = slot.get();
      if (held != null && now - held.sinceNanos() >= third) {
        try {
          held.message().inProgress();
          slot.compareAndSet(held, new Held(held.message(), now));
        } catch (RuntimeException e) {
          logUnlessDisconnected(
              "could not extend the ack wait of a message in hand: {}", e.getMessage());
        }
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Tells each partition to stop pulling and drain what it was sent, without waiting for it: a
   * service stopping several consumers lets them drain at once, then waits ({@link #stop}).
   */
  public void stopPulling() {
    running = false;
  }

  /**
   * Stops pulling and waits, up to {@code grace}, for each partition's message in hand and the
   * messages JetStream had already sent it.
   */
  public void stop(Duration grace) {
    stopPulling();
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread loop : loops) {
      try {
        loop.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ticker.shutdownNow();
    lag.close();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
