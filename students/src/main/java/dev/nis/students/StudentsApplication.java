package dev.nis.students;

import com.zaxxer.hikari.HikariDataSource;
import dev.nis.common.application.OperationLog;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.HttpServerRunner;
import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.JetStreamEnrollmentLog;
import dev.nis.common.jetstream.JetStreamOperationLog;
import dev.nis.common.jetstream.NatsConnector;
import dev.nis.common.jetstream.SerialConsumer;
import dev.nis.common.logging.CallLogging;
import dev.nis.common.metrics.CallMetrics;
import dev.nis.common.redis.RedisConnector;
import dev.nis.students.adapter.in.grpc.StudentQueriesGrpcService;
import dev.nis.students.adapter.in.http.StudentRoutes;
import dev.nis.students.adapter.in.queue.StudentCommandConsumer;
import dev.nis.students.adapter.in.queue.StudentEnrollmentConsumer;
import dev.nis.students.adapter.out.grpc.CoursesGrpcClient;
import dev.nis.students.adapter.out.nats.JetStreamCommandQueue;
import dev.nis.students.adapter.out.postgres.PostgresConnector;
import dev.nis.students.adapter.out.postgres.PostgresReadiness;
import dev.nis.students.adapter.out.postgres.PostgresStudentRepository;
import dev.nis.students.adapter.out.redis.MeteredStudentCache;
import dev.nis.students.adapter.out.redis.RedisStudentCache;
import dev.nis.students.application.CachingStudentService;
import dev.nis.students.application.CoreStudentService;
import dev.nis.students.application.LoggingStudentService;
import dev.nis.students.application.MeteredStudentService;
import dev.nis.students.application.StudentService;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of the students service (the original's constructors.go): plain constructors, the
 * decorator order visible below, and the lifecycle: start in dependency order, stop in reverse.
 */
public final class StudentsApplication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StudentsApplication.class);

  private final StudentsConfig config;
  private final HikariDataSource postgres;
  private final RedisConnector redis;
  private final Connection nats;
  private final ManagedChannel coursesChannel;
  private final SerialConsumer consumer;
  private final SerialConsumer enrollmentConsumer;
  private final GrpcServer grpc;
  private final HttpServerRunner http;
  private volatile boolean stopped;
  private boolean closed;

  private StudentsApplication(StudentsConfig config) throws Exception {
    this.config = config;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bindJvmMetrics(registry);

    postgres = PostgresConnector.pool(config.postgres());
    migrate(config);
    DSLContext sql = PostgresConnector.jooq(postgres);
    PostgresStudentRepository repository = new PostgresStudentRepository(sql);
    PostgresReadiness postgresReadiness = new PostgresReadiness(sql);

    redis = RedisConnector.create(config.redisUrl());
    var cache =
        new MeteredStudentCache(
            new RedisStudentCache(redis, config.cacheKeyPrefix(), config.cacheTtl()), registry);

    nats = NatsConnector.connect(config.natsUrl(), "students");
    JetStreamContract contract = config.contract();
    OperationLog operations = new JetStreamOperationLog(nats, contract);
    var queue = new JetStreamCommandQueue(nats, contract, config.publishTimeout());

    coursesChannel = CoursesGrpcClient.openChannel(config.coursesGrpcTarget());
    var courses = new CoursesGrpcClient(coursesChannel, config.peerDeadline());

    var enrollments = new JetStreamEnrollmentLog(nats, contract);
    StudentService core =
        new CoreStudentService(repository, queue, operations, courses, enrollments);
    StudentService cached = new CachingStudentService(core, cache);

    consumer =
        new SerialConsumer(
            nats,
            new ConsumerSpec(
                contract.studentCommandsStream(),
                contract.studentCommandsConsumer(),
                contract.studentCommandsSubject(),
                Duration.ofSeconds(30),
                5,
                contract.deadLetterSubject("students")),
            new StudentCommandConsumer(forTransport(cached, registry, "queue"), operations),
            registry);
    enrollmentConsumer =
        new SerialConsumer(
            nats,
            new ConsumerSpec(
                contract.enrollmentStream(),
                contract.studentEnrollmentConsumer(),
                contract.enrollmentSubject(),
                Duration.ofSeconds(30),
                5,
                contract.deadLetterSubject("students-enrollment")),
            new StudentEnrollmentConsumer(forTransport(cached, registry, "queue")),
            registry);
    consumer.start();
    enrollmentConsumer.start();

    grpc =
        GrpcServer.onPort(
                config.grpcPort(),
                List.of(new StudentQueriesGrpcService(forTransport(cached, registry, "grpc"))))
            .start();

    HttpRouter router =
        new StudentRoutes(
                forTransport(cached, registry, "http"),
                () -> !stopped && postgresReadiness.isReady() && natsConnected(),
                registry::scrape)
            .registerOn(new HttpRouter());
    http = HttpServerRunner.start(config.httpPort(), router);
    log.info("students ready: http {} grpc {}", http.port(), grpc.port());
  }

  /** Each inbound transport gets its own metrics and logging tags over the shared core. */
  private static StudentService forTransport(
      StudentService cached, PrometheusMeterRegistry registry, String transport) {
    return new MeteredStudentService(
        new LoggingStudentService(cached, new CallLogging("students", transport)),
        new CallMetrics(registry, "students", transport));
  }

  private void migrate(StudentsConfig config) {
    try {
      PostgresConnector.migrate(postgres, config.postgres().schema());
    } catch (RuntimeException e) {
      postgres.close();
      throw new IllegalStateException(
          "cannot bring PostgreSQL schema "
              + config.postgres().schema()
              + " up to date at "
              + config.postgres().url()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  private boolean natsConnected() {
    return nats.getStatus() == Connection.Status.CONNECTED;
  }

  public static StudentsApplication start(StudentsConfig config) throws Exception {
    return new StudentsApplication(config);
  }

  public int httpPort() {
    return http.port();
  }

  public int grpcPort() {
    return grpc.port();
  }

  /**
   * SIGTERM path: turn not-ready, stop taking requests, let in-flight requests and the command
   * being applied finish, then close the connections.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopped = true;
    Duration grace = config.shutdownGrace();
    log.info("students stopping (grace {})", grace);
    grpc.setServing(false);
    http.stop(grace);
    consumer.stop(grace);
    enrollmentConsumer.stop(grace);
    try {
      grpc.stop(grace);
      coursesChannel.shutdown().awaitTermination(2, TimeUnit.SECONDS);
      nats.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    redis.close();
    postgres.close();
    log.info("students stopped");
  }
}
