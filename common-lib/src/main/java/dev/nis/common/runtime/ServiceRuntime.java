package dev.nis.common.runtime;

import dev.nis.common.application.BoundedCommandQueue;
import dev.nis.common.application.CommandApplier;
import dev.nis.common.application.CommandQueueLimit;
import dev.nis.common.application.EnrollmentApplier;
import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.application.port.out.EnrollmentInbox;
import dev.nis.common.application.port.out.Lease;
import dev.nis.common.application.port.out.LogPositions;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.events.EventStreamSettings;
import dev.nis.common.grpc.GrpcPeerChannel;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.common.http.ApiDescriptionRoutes;
import dev.nis.common.http.EventStreamRoute;
import dev.nis.common.http.HttpLimits;
import dev.nis.common.http.HttpMeters;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.HttpServerRunner;
import dev.nis.common.http.ProbeRoutes;
import dev.nis.common.jetstream.CommandConsumer;
import dev.nis.common.jetstream.CommandStreams;
import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.EnrollmentConsumer;
import dev.nis.common.jetstream.JetStreamCommandQueue;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.JetStreamEnrollmentLog;
import dev.nis.common.jetstream.JetStreamEventFeed;
import dev.nis.common.jetstream.JetStreamIdempotencyStore;
import dev.nis.common.jetstream.JetStreamLease;
import dev.nis.common.jetstream.JetStreamLogPositions;
import dev.nis.common.jetstream.JetStreamOperationLog;
import dev.nis.common.jetstream.JetStreamOutcomeWatch;
import dev.nis.common.jetstream.MessageHandler;
import dev.nis.common.jetstream.NatsConnector;
import dev.nis.common.jetstream.PartitionedConsumer;
import dev.nis.common.jetstream.Partitions;
import dev.nis.common.observation.CallObservation;
import dev.nis.common.redis.RedisConnector;
import dev.nis.common.tracing.Tracing;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service runs on, once: the metrics registry with the JVM's meters, the NATS and Redis
 * connections, the peer's gRPC channel, the queue consumers, the gRPC and HTTP servers, readiness,
 * and the lifecycle. A service's wiring class opens its store, builds its core and adapters on
 * these, then calls {@link #serve}; {@link #close} (SIGTERM) stops everything in reverse.
 *
 * <p>Start order: connections as the wiring asks for them, then the gRPC and HTTP servers, the
 * consumers last; readiness waits for them, so that an orchestrator offers nothing before applying
 * runs. Stop order (README.md, "Configuration" and I6): not-ready and NOT_SERVING, stop taking
 * requests and let the in-flight ones finish, finish the message being applied, stop gRPC, then
 * close the resources the wiring opened, last opened first.
 */
public final class ServiceRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceRuntime.class);
  private static final Duration CHANNEL_CLOSE_WAIT = Duration.ofSeconds(2);

  /**
   * The least the consumers get to drain after the HTTP server stopped, however much of the grace
   * it took: a partition's drain takes about a second (its open pull request's expiry), and what
   * they hold is acked rather than left to JetStream's ack wait.
   */
  private static final Duration CONSUMERS_LEAST_GRACE = Duration.ofSeconds(2);

  private static final long APPLY_READY_CHECK_MILLIS = 250;

  /** One help text for both series: Prometheus keeps one per metric name. */
  private static final String QUEUE_FULL_HELP =
      "Mutations that found the command queue at COMMAND_QUEUE_LIMIT: waited (then admitted or"
          + " not), refused (503 after COMMAND_QUEUE_WAIT)";

  private final String service;
  private final Duration shutdownGrace;
  private final HttpLimits httpLimits;
  private final Tracing tracing;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final List<PartitionedConsumer> consumers = new ArrayList<>();
  private final List<LeasedSchedule> schedules = new ArrayList<>();
  private final List<BooleanSupplier> applyNeeds = new ArrayList<>();
  private final OperationOutcomes outcomes = new OperationOutcomes();
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("housekeeping").factory());
  private Connection nats;
  private CompletableFuture<Connection> natsConnecting;
  private GrpcServer grpc;
  private HttpServerRunner http;
  private volatile boolean stopped;
  private volatile boolean consuming;
  private final Object servingLock = new Object();

  /** What the gRPC health service reports now; {@link GrpcServer#start} reports SERVING. */
  private boolean grpcServing = true;

  /** The consumer of this service's command streams, whose count bounds accepting. */
  private volatile PartitionedConsumer commandsConsumer;

  private boolean closed;

  /**
   * @param service {@code courses} or {@code students}: the {@code service} tag and logger names
   * @param shutdownGrace how long {@link #close} waits for in-flight work ({@code SHUTDOWN_GRACE})
   * @param httpLimits what the HTTP server allows a client ({@code HTTP_*})
   */
  public ServiceRuntime(String service, Duration shutdownGrace, HttpLimits httpLimits) {
    this(service, shutdownGrace, httpLimits, Tracing.off());
  }

  /**
   * As above, with the service's tracing (README.md, "Traces"): the HTTP and gRPC servers, the
   * peer's channel, the queue's publishes and deliveries, the port calls and the cache's round
   * trips make spans with it. It is closed last, so that what the stop itself traced is exported.
   */
  public ServiceRuntime(
      String service, Duration shutdownGrace, HttpLimits httpLimits, Tracing tracing) {
    this.service = service;
    this.shutdownGrace = shutdownGrace;
    this.httpLimits = httpLimits;
    this.tracing = closing(tracing);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The observation of calls arriving through one transport ({@code http|grpc|queue}). */
  public CallObservation observation(String transport) {
    return new CallObservation(registry, service, transport, tracing);
  }

  /** The service's tracing, for the instrumentation of its store's driver (JDBC, MongoDB). */
  public Tracing tracing() {
    return tracing;
  }

  /** Keeps {@code resource} open until {@link #close}, which closes it after what came later. */
  public <T extends AutoCloseable> T closing(T resource) {
    resources.push(resource);
    return resource;
  }

  /**
   * The shared Redis connection; it starts connecting at once, and Redis may be down at start-up
   * (reads then go to the database). Applying needs it (see {@link #applyingNeeds}). Each
   * connection's server is checked for lost writes before use, and the keys under {@code
   * cacheKeyPrefix} deleted when it may have lost some ({@link RedisConnector}).
   */
  public RedisConnector redis(String url, String cacheKeyPrefix) {
    RedisConnector redis = closing(RedisConnector.create(url, tracing, cacheKeyPrefix));
    applyingNeeds(redis::ping);
    return redis;
  }

  /**
   * Starts connecting to NATS on a virtual thread, so that the connection (and the loading of
   * jnats' classes) overlaps the store's start (Flyway's migrations, the embedded MongoDB's data
   * file), which it followed one after the other before: part of the start-up target (issue 11).
   * {@link #streams} takes the connection; a failure to connect surfaces there, as before.
   */
  public void connectNats(String natsUrl) {
    natsConnecting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return NatsConnector.connect(natsUrl, service);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            task -> Thread.ofVirtual().name("nats-connect").start(task));
  }

  /**
   * The one NATS connection (it reconnects forever; readiness follows it) and this service's
   * streams on it: its command queue ({@code publishTimeout}: how long to wait for JetStream to
   * store a command; {@code queueLimit}: how many commands may wait to be applied before accepting
   * waits, then refuses), the operation log, the enrollment log and its idempotency keys.
   */
  public <C extends Command<?>> CommandStreams<C> streams(
      String natsUrl,
      JetStreamContract contract,
      Function<C, byte[]> encoder,
      Duration publishTimeout,
      CommandQueueLimit queueLimit)
      throws IOException {
    nats = natsConnecting == null ? NatsConnector.connect(natsUrl, service) : connected();
    closing(nats::close);
    closing(new JetStreamOutcomeWatch(nats, contract, outcomes));
    var queue =
        new BoundedCommandQueue<C>(
            new JetStreamCommandQueue<>(
                nats,
                contract.commandsStreamPrefix(service),
                command -> contract.commandsStreamOf(service, command.entityId().toString()),
                command -> contract.commandsSubjectOf(service, command.entityId().toString()),
                encoder,
                publishTimeout,
                tracing),
            queueLimit,
            this::unappliedCommands);
    FunctionCounter.builder("nis.command.queue.full", queue, BoundedCommandQueue::waited)
        .description(QUEUE_FULL_HELP)
        .tag("service", service)
        .tag("outcome", "waited")
        .register(registry);
    FunctionCounter.builder("nis.command.queue.full", queue, BoundedCommandQueue::refused)
        .description(QUEUE_FULL_HELP)
        .tag("service", service)
        .tag("outcome", "refused")
        .register(registry);
    return new CommandStreams<>(
        contract,
        queue,
        new JetStreamOperationLog(nats, contract),
        new JetStreamEnrollmentLog(nats, contract, tracing),
        new JetStreamIdempotencyStore(nats, contract, service));
  }

  /**
   * The route of this service's event stream, fed from JetStream on the connection of {@link
   * #streams} (call that first); the route's streams end when the HTTP server stops.
   *
   * @param entity {@code course} or {@code student}
   * @param ownsEntity whether an operation's entity id is one of this service's
   */
  public EventStreamRoute eventStream(
      JetStreamContract contract,
      String entity,
      Predicate<String> ownsEntity,
      EventStreamSettings settings)
      throws IOException {
    if (nats == null) {
      throw new IllegalStateException("streams(...) opens the NATS connection first");
    }
    var feed = closing(new JetStreamEventFeed(nats, contract, entity, ownsEntity));
    var route = new EventStreamRoute(feed, entity, settings);
    Gauge.builder("nis.event.streams", route, EventStreamRoute::openStreams)
        .description("Event streams this replica serves now (at most EVENTS_MAX_STREAMS)")
        .register(registry);
    return route;
  }

  /** Both services' positions in the enrollment log, on the connection of {@link #streams}. */
  public LogPositions logPositions(JetStreamContract contract) throws IOException {
    return new JetStreamLogPositions(natsConnection(), contract);
  }

  /**
   * Runs {@code task} every {@code interval} on the one replica of the whole system (either
   * service) that holds the lease {@code name} of the contract's leases bucket ({@link
   * LeasedSchedule}), from now until {@link #close}. The task is handed the lease, to check before
   * each effect.
   */
  public void underLease(
      JetStreamContract contract, String name, Duration interval, Function<Lease, Runnable> task)
      throws IOException {
    String holder =
        service
            + "@"
            + System.getenv().getOrDefault("HOSTNAME", "local")
            + "/"
            + ProcessHandle.current().pid();
    Lease lease =
        new JetStreamLease(
            natsConnection(), contract.leasesBucket(), JetStreamContract.LEASE_TTL, name, holder);
    schedules.add(
        new LeasedSchedule(
            name, lease, JetStreamContract.LEASE_TTL.dividedBy(3), interval, task.apply(lease)));
  }

  private Connection natsConnection() {
    if (nats == null) {
      throw new IllegalStateException("streams(...) opens the NATS connection first");
    }
    return nats;
  }

  /** The connection {@link #connectNats} made, or its failure as {@link #streams} reports it. */
  private Connection connected() throws IOException {
    try {
      return natsConnecting.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e;
    }
  }

  /**
   * JetStream's count of this service's commands stored and not yet applied, over all its replicas
   * and partitions, as last read (every 250 ms); 0 before {@link #applyQueued} starts the
   * consumers.
   */
  private long unappliedCommands() {
    PartitionedConsumer consumer = commandsConsumer;
    return consumer == null ? 0 : consumer.unapplied();
  }

  /**
   * Whether this service's appliers are behind: more of its commands unapplied than its partitions
   * can have in flight ({@value Partitions#COUNT}, one each: {@code max_ack_pending} is 1), so that
   * at least one command is stored waiting behind another, as last read (every 250 ms). What
   * background work yields to (the reconciliation, README.md "Reconciliation"): at the benchmark's
   * half rate, accept → applied p50 3 ms, about five are unapplied at a time.
   */
  public boolean commandsBehind() {
    return unappliedCommands() > Partitions.COUNT;
  }

  /**
   * Applies this service's command stream and the enrollment log through {@code applying}, each
   * with its partitioned durable consumers, started with the servers (see {@link CommandApplier},
   * {@link EnrollmentApplier}); prunes the enrollment {@code inbox} of entries older than the
   * streams keep messages, every hour.
   */
  public <C extends Command<I>, I, O> void applyQueued(
      CommandStreams<C> streams,
      Function<byte[], C> decoder,
      CommandApplication<C, I, O> applying,
      ReadCache<?, I, O> cache,
      EnrollmentInbox inbox) {
    JetStreamContract contract = streams.contract();
    commandsConsumer =
        consume(
            contract.commandsConsumer(service),
            new CommandConsumer<>(
                decoder, new CommandApplier<>(applying, cache, streams.operations(), outcomes)));
    if (streams.commands() instanceof BoundedCommandQueue<?> bounded) {
      commandsConsumer.afterEachCount(bounded::countRead);
    }
    consume(
        contract.enrollmentConsumer(service),
        new EnrollmentConsumer(
            new EnrollmentApplier<>(
                applying, cache, inbox, streams.operations(), EnrollmentOutcome.Side.of(service))));
    housekeeping.scheduleWithFixedDelay(
        () -> prune(inbox, contract.inboxRetention()), 1, 60, TimeUnit.MINUTES);
  }

  private static void prune(EnrollmentInbox inbox, Duration retention) {
    try {
      long pruned = inbox.prune(Instant.now().minus(retention));
      log.info("pruned {} enrollment inbox entries older than {}", pruned, retention);
    } catch (RuntimeException e) {
      log.warn("could not prune the enrollment inbox, will try again: {}", e.getMessage());
    }
  }

  /**
   * Something applying needs besides the store and NATS (e.g. Redis, since a change is not reported
   * applied while stale cache entries might be served): the consumers pull only while it answers.
   */
  public void applyingNeeds(BooleanSupplier dependency) {
    applyNeeds.add(dependency);
  }

  /**
   * The final outcomes this process's appliers record or any replica writes to the operations
   * bucket (watched from {@link #streams} on), for its requests waiting with Prefer: wait.
   */
  public OperationOutcomes outcomes() {
    return outcomes;
  }

  /** A channel to the peer's query service ({@code serviceName}) with retries and keepalive. */
  public ManagedChannel peerChannel(String target, String serviceName) {
    ManagedChannel channel = GrpcPeerChannel.open(target, serviceName, tracing);
    closing(
        () ->
            channel
                .shutdown()
                .awaitTermination(CHANNEL_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    return channel;
  }

  /**
   * Adds a partitioned consumer and begins attaching it at once ({@link
   * PartitionedConsumer#attach}: its round trips overlap the servers' start); {@link #serve} starts
   * its pulling.
   */
  private PartitionedConsumer consume(ConsumerSpec spec, MessageHandler handler) {
    PartitionedConsumer consumer = new PartitionedConsumer(nats, spec, handler, registry, tracing);
    consumers.add(consumer);
    consumer.attach();
    return consumer;
  }

  /**
   * Serves gRPC and HTTP, then starts the consumers' pulling (their attaching began in {@link
   * #applyQueued}), with the {@link #sharedRoutes} ({@code GET /api/<service>/health}, {@code
   * .../ready}, {@code /metrics}, the OpenAPI document, discovery and the docs page) added to the
   * routes; on a failure, closes what was opened and rethrows.
   *
   * <p>Serving comes first so that a replica restarted behind a backlog is not starved by its own
   * consumers while its servers start (seen: 12 s from gRPC to HTTP listening on a loaded 2-core
   * machine while 128 partition threads applied); it reads not-ready until the consumers run, and a
   * mutation accepted before then waits in its stream.
   *
   * <p>Readiness ({@code GET /api/<service>/ready}, and the gRPC health service, which asks it
   * every {@value #APPLY_READY_CHECK_MILLIS} ms; an ask takes as long as the store's check) is the
   * database answering, the consumers started and the service not stopping. NATS is not part of it
   * once the service runs (I6: with NATS down, reads are served and mutations answer 503 with
   * {@code Retry-After}): an orchestrator that took every replica out during a NATS outage would
   * refuse the reads too.
   *
   * @param storeReady whether the service's database answers
   */
  public ServiceRuntime serve(
      int grpcPort,
      List<? extends BindableService> grpcServices,
      int httpPort,
      HttpRouter router,
      BooleanSupplier storeReady)
      throws IOException {
    BooleanSupplier ready = readiness(storeReady);
    sharedRoutes(router, service, ready, registry::scrape);
    try {
      grpc = GrpcServer.onPort(grpcPort, grpcServices, tracing).start();
      http =
          HttpServerRunner.start(
              httpPort,
              router,
              httpLimits,
              shutdownGrace,
              tracing,
              HttpMeters.of(registry, service));
      BooleanSupplier applyReady = applyReady(storeReady);
      for (PartitionedConsumer consumer : consumers) {
        consumer.start(applyReady);
      }
      consuming = true;
      housekeeping.scheduleWithFixedDelay(
          () -> grpcFollows(ready),
          APPLY_READY_CHECK_MILLIS,
          APPLY_READY_CHECK_MILLIS,
          TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    log.info("{} ready: http {} grpc {}", service, http.port(), grpc.port());
    return this;
  }

  /**
   * Adds the routes every service serves beside its own: the probes and metrics ({@link
   * ProbeRoutes}) and the API's description ({@link ApiDescriptionRoutes}: OpenAPI document,
   * discovery, docs page). Public so that a service's tests can build the router as it is served
   * and hold it to the service's OpenAPI document.
   */
  public static HttpRouter sharedRoutes(
      HttpRouter router, String service, BooleanSupplier ready, Supplier<String> metricsScrape) {
    ProbeRoutes.register(router, "/api/" + service, ready, metricsScrape);
    ApiDescriptionRoutes.register(router, service);
    return router;
  }

  /**
   * Whether every dependency of applying answers, asked at most every {@value
   * #APPLY_READY_CHECK_MILLIS} ms: the consumers start pulling once it is true, pause while it is
   * false, and resume within that time of the last dependency's return.
   */
  private BooleanSupplier applyReady(BooleanSupplier storeReady) {
    List<BooleanSupplier> needs = new ArrayList<>(applyNeeds);
    needs.add(storeReady);
    needs.add(() -> nats.getStatus() == Connection.Status.CONNECTED);
    return new CachedCheck(
        () -> needs.stream().allMatch(BooleanSupplier::getAsBoolean),
        Duration.ofMillis(APPLY_READY_CHECK_MILLIS));
  }

  private BooleanSupplier readiness(BooleanSupplier storeReady) {
    return () -> consuming && !stopped && storeReady.getAsBoolean();
  }

  /**
   * Sets the gRPC health service's status from readiness, so that a gRPC load balancer or a
   * Kubernetes gRPC probe sees what {@code /ready} answers (a database down: NOT_SERVING). Under
   * the lock {@link #close} takes to turn it off, so that a check begun before the stop cannot turn
   * it back on.
   */
  private void grpcFollows(BooleanSupplier ready) {
    boolean serving;
    try {
      serving = ready.getAsBoolean();
    } catch (RuntimeException e) {
      serving = false;
    }
    synchronized (servingLock) {
      if (!stopped && serving != grpcServing) {
        grpcServing = serving;
        grpc.setServing(serving);
        log.info("gRPC health: {}", serving ? "SERVING" : "NOT_SERVING (not ready)");
      }
    }
  }

  public int httpPort() {
    return http.port();
  }

  public int grpcPort() {
    return grpc.port();
  }

  /**
   * The SIGTERM path: stop the work under a lease (a reconciliation run in progress is interrupted,
   * the lease given up), turn not-ready, stop taking requests, let in-flight requests and the
   * message being applied finish within the grace, then close the connections and the store.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // one grace for the whole drain: HTTP, then the consumers and gRPC get what it left (the
    // consumers at least CONSUMERS_LEAST_GRACE), where each took a grace of its own before and the
    // sum could outlast the chart's terminationGracePeriodSeconds (grace + preStop + 15 s)
    long deadline = System.nanoTime() + shutdownGrace.toNanos();
    log.info("{} stopping (grace {})", service, shutdownGrace);
    // first, so that no run begins while the rest drains and a run in progress gives the cores back
    schedules.forEach(LeasedSchedule::close);
    synchronized (servingLock) {
      stopped = true;
      if (grpc != null) {
        grpc.setServing(false);
      }
    }
    // requests waiting for an outcome answer their 202 now, not when the grace cuts them off
    outcomes.stopping();
    if (http != null) {
      http.stop();
    }
    // every consumer drains at once (each takes about a pull request's expiry), within one grace
    consumers.forEach(PartitionedConsumer::stopPulling);
    long consumersDeadline =
        Math.max(deadline, System.nanoTime() + CONSUMERS_LEAST_GRACE.toNanos());
    consumers.forEach(
        consumer ->
            consumer.stop(Duration.ofNanos(Math.max(0, consumersDeadline - System.nanoTime()))));
    housekeeping.shutdownNow();
    try {
      if (grpc != null) {
        grpc.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    while (!resources.isEmpty()) {
      closeQuietly(resources.pop());
    }
    if (nats == null && natsConnecting != null) {
      // the wiring failed before streams() took the early connection: close it when it is made
      natsConnecting.thenAccept(connection -> closeQuietly(connection::close));
    }
    log.info("{} stopped", service);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("closing {} failed: {}", resource, e.getMessage());
    }
  }
}
