package dev.nis.courses;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.nis.common.application.OperationLog;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.common.http.CeilingRoutes;
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
import dev.nis.courses.adapter.in.grpc.CourseQueriesGrpcService;
import dev.nis.courses.adapter.in.http.CourseRoutes;
import dev.nis.courses.adapter.in.queue.CourseCommandConsumer;
import dev.nis.courses.adapter.in.queue.CourseEnrollmentConsumer;
import dev.nis.courses.adapter.out.grpc.StudentsGrpcClient;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.courses.adapter.out.mongo.MongoConnector;
import dev.nis.courses.adapter.out.mongo.MongoCourseRepository;
import dev.nis.courses.adapter.out.mongo.MongoReadiness;
import dev.nis.courses.adapter.out.nats.JetStreamCommandQueue;
import dev.nis.courses.adapter.out.redis.MeteredCourseCache;
import dev.nis.courses.adapter.out.redis.RedisCourseCache;
import dev.nis.courses.application.CachingCourseService;
import dev.nis.courses.application.CoreCourseService;
import dev.nis.courses.application.CourseService;
import dev.nis.courses.application.LoggingCourseService;
import dev.nis.courses.application.MeteredCourseService;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of the courses service (the original's constructors.go): plain constructors, the
 * decorator order visible below, and the lifecycle: start in dependency order, stop in reverse.
 */
public final class CoursesApplication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CoursesApplication.class);

  private final CoursesConfig config;
  private final Optional<InProcessMongo> inProcessMongo;
  private final MongoClient mongo;
  private final RedisConnector redis;
  private final Connection nats;
  private final ManagedChannel studentsChannel;
  private final SerialConsumer consumer;
  private final SerialConsumer enrollmentConsumer;
  private final GrpcServer grpc;
  private final HttpServerRunner http;
  private volatile boolean stopped;
  private boolean closed;

  private CoursesApplication(CoursesConfig config) throws Exception {
    this.config = config;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bindJvmMetrics(registry);

    inProcessMongo =
        config.mongoUri().isEmpty() ? Optional.of(InProcessMongo.start()) : Optional.empty();
    inProcessMongo.ifPresent(
        m -> log.warn("MONGO_URI is not set: using an in-process MongoDB; data is not kept"));
    mongo =
        MongoConnector.connect(
            config.mongoUri().orElseGet(() -> inProcessMongo.get().connectionString()));
    MongoDatabase database = mongo.getDatabase(config.mongoDatabase());
    MongoCourseRepository repository = new MongoCourseRepository(database);
    repository.ensureIndexes();
    MongoReadiness mongoReadiness = new MongoReadiness(database);

    redis = RedisConnector.create(config.redisUrl());
    var cache =
        new MeteredCourseCache(
            new RedisCourseCache(redis, config.cacheKeyPrefix(), config.cacheTtl()), registry);

    nats = NatsConnector.connect(config.natsUrl(), "courses");
    JetStreamContract contract = config.contract();
    OperationLog operations = new JetStreamOperationLog(nats, contract);
    var queue = new JetStreamCommandQueue(nats, contract, config.publishTimeout());

    studentsChannel = StudentsGrpcClient.openChannel(config.studentsGrpcTarget());
    var students = new StudentsGrpcClient(studentsChannel, config.peerDeadline());

    var enrollments = new JetStreamEnrollmentLog(nats, contract);
    CourseService core =
        new CoreCourseService(repository, queue, operations, students, enrollments);
    CourseService cached = new CachingCourseService(core, cache);

    consumer =
        new SerialConsumer(
            nats,
            new ConsumerSpec(
                contract.courseCommandsStream(),
                contract.courseCommandsConsumer(),
                contract.courseCommandsSubject(),
                Duration.ofSeconds(30),
                5,
                contract.deadLetterSubject("courses")),
            new CourseCommandConsumer(forTransport(cached, registry, "queue"), operations),
            registry);
    enrollmentConsumer =
        new SerialConsumer(
            nats,
            new ConsumerSpec(
                contract.enrollmentStream(),
                contract.courseEnrollmentConsumer(),
                contract.enrollmentSubject(),
                Duration.ofSeconds(30),
                5,
                contract.deadLetterSubject("courses-enrollment")),
            new CourseEnrollmentConsumer(forTransport(cached, registry, "queue")),
            registry);
    consumer.start();
    enrollmentConsumer.start();

    grpc =
        GrpcServer.onPort(
                config.grpcPort(),
                List.of(new CourseQueriesGrpcService(forTransport(cached, registry, "grpc"))))
            .start();

    HttpRouter router =
        new CourseRoutes(
                forTransport(cached, registry, "http"),
                () -> !stopped && mongoReadiness.isReady() && natsConnected(),
                registry::scrape)
            .registerOn(new HttpRouter());
    if (config.benchRoutes()) {
      new CeilingRoutes().registerOn(router);
      log.warn("NIS_BENCH_ROUTES=true: serving the benchmark ceiling route {}", CeilingRoutes.PATH);
    }
    http = HttpServerRunner.start(config.httpPort(), router);
    log.info("courses ready: http {} grpc {}", http.port(), grpc.port());
  }

  /** Each inbound transport gets its own metrics and logging tags over the shared core. */
  private static CourseService forTransport(
      CourseService cached, PrometheusMeterRegistry registry, String transport) {
    return new MeteredCourseService(
        new LoggingCourseService(cached, new CallLogging("courses", transport)),
        new CallMetrics(registry, "courses", transport));
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

  public static CoursesApplication start(CoursesConfig config) throws Exception {
    return new CoursesApplication(config);
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
    log.info("courses stopping (grace {})", grace);
    grpc.setServing(false);
    http.stop(grace);
    consumer.stop(grace);
    enrollmentConsumer.stop(grace);
    try {
      grpc.stop(grace);
      studentsChannel.shutdown().awaitTermination(2, TimeUnit.SECONDS);
      nats.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    redis.close();
    mongo.close();
    inProcessMongo.ifPresent(InProcessMongo::close);
    log.info("courses stopped");
  }
}
