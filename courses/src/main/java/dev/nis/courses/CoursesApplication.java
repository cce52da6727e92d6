package dev.nis.courses;

import com.mongodb.client.MongoDatabase;
import dev.nis.common.application.CachedQueries;
import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.observation.Observed;
import dev.nis.common.runtime.ServiceRuntime;
import dev.nis.common.tracing.Tracing;
import dev.nis.courses.adapter.in.grpc.CourseQueriesGrpcService;
import dev.nis.courses.adapter.in.http.CeilingRoutes;
import dev.nis.courses.adapter.in.http.CourseRoutes;
import dev.nis.courses.adapter.in.schedule.ReconciliationJob;
import dev.nis.courses.adapter.out.grpc.StudentsGrpcClient;
import dev.nis.courses.adapter.out.mongo.MongoConnection;
import dev.nis.courses.adapter.out.mongo.MongoCourseRepository;
import dev.nis.courses.adapter.out.mongo.MongoEnrollmentInbox;
import dev.nis.courses.adapter.out.mongo.MongoReadiness;
import dev.nis.courses.adapter.out.redis.RedisCourseCache;
import dev.nis.courses.adapter.proto.CourseCommandCodec;
import dev.nis.courses.application.CoreCourseService;
import dev.nis.courses.application.RelationReconciler;
import dev.nis.courses.application.port.in.ApplyCourseCommands;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.application.port.in.SubmitCourseCommands;
import dev.nis.courses.domain.Course;
import dev.nis.proto.v1.StudentQueriesGrpc;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The wiring of the courses service (the original's constructors.go): its store, cache, core and
 * adapters built with plain constructors on the shared {@link ServiceRuntime}, which owns the
 * lifecycle. The decorator order of each port reads below: observation (metrics and logging, per
 * transport) over caching over the core.
 */
public final class CoursesApplication implements AutoCloseable {
  private static final String SERVICE = "courses";
  static final String EVENTS_PATH = "/api/courses/events";

  /** The shape of {@link CourseId}: which operations in the shared bucket are this service's. */
  private static final Pattern COURSE_ID = Pattern.compile("[0-9a-f]{24}");

  private final ServiceRuntime runtime;

  private CoursesApplication(CoursesConfig config, Tracing tracing) throws Exception {
    runtime = new ServiceRuntime(SERVICE, config.shutdownGrace(), config.httpLimits(), tracing);
    try {
      wire(config);
    } catch (Exception e) {
      runtime.close();
      throw e;
    }
  }

  private void wire(CoursesConfig config) throws Exception {
    // NATS and Redis connect while the store starts (each used to wait for the one before it)
    runtime.connectNats(config.natsUrl());
    var redis = runtime.redis(config.redisUrl(), config.cacheKeyPrefix());
    MongoConnection mongo =
        runtime.closing(
            MongoConnection.open(
                config.mongoUri(),
                config.dataDir(),
                config.embeddedMongoPort(),
                runtime.tracing().openTelemetry()));
    MongoDatabase database = mongo.database(config.mongoDatabase());
    var repository = new MongoCourseRepository(database, runtime.registry());
    if (mongo.embedded().isEmpty()) {
      repository.ensureIndexes();
    } else {
      // mongo-java-server keeps no secondary index: asked for one, it logs a WARN and ignores it,
      // at every start; README.md ("Where the courses are kept") says what that costs
      LoggerFactory.getLogger(CoursesApplication.class)
          .info("the embedded MongoDB keeps no secondary indexes: none created");
    }
    AnswerCache<Course, CourseId, StudentId> cache =
        RedisCourseCache.metered(
            RedisCourseCache.create(redis, config.cacheKeyPrefix(), config.cacheTtl()),
            runtime.registry());

    var streams =
        runtime.streams(
            config.natsUrl(),
            config.contract(),
            CourseCommandCodec::encode,
            config.publishTimeout(),
            config.queueLimit());
    var students =
        new StudentsGrpcClient(
            runtime.peerChannel(config.studentsGrpcTarget(), StudentQueriesGrpc.SERVICE_NAME),
            config.peerDeadline());
    var core =
        new CoreCourseService(
            repository,
            streams.commands(),
            streams.operations(),
            streams.idempotency(),
            students,
            streams.enrollments());
    CourseQueries queries = CachedQueries.port(CourseQueries.class, core, cache);
    runtime.applyQueued(
        streams,
        CourseCommandCodec::decode,
        Observed.port(ApplyCourseCommands.class, core, runtime.observation("queue")),
        cache,
        new MongoEnrollmentInbox(database));

    var reconciler =
        new RelationReconciler(
            repository,
            students,
            runtime.logPositions(config.contract()),
            streams.enrollments(),
            runtime::commandsBehind);
    runtime.underLease(
        config.contract(),
        JetStreamContract.RECONCILIATION_LEASE,
        config.reconcileInterval(),
        lease -> new ReconciliationJob(reconciler, lease, runtime.registry()));

    var http = runtime.observation("http");
    HttpRouter router =
        new CourseRoutes(
                Observed.port(CourseQueries.class, queries, http),
                Observed.port(SubmitCourseCommands.class, core, http),
                runtime.outcomes())
            .registerOn(new HttpRouter());
    // the event stream (README.md, "The event stream"); a course id is 24 hex digits
    router.get(
        EVENTS_PATH,
        runtime.eventStream(
            config.contract(), "course", COURSE_ID.asMatchPredicate(), config.events()));
    if (config.benchRoutes()) {
      new CeilingRoutes().registerOn(router);
      LoggerFactory.getLogger(CoursesApplication.class)
          .warn(
              "NIS_BENCH_ROUTES=true: serving the benchmark ceiling route {}", CeilingRoutes.PATH);
    }
    var grpcQueries = Observed.port(CourseQueries.class, queries, runtime.observation("grpc"));
    runtime.serve(
        config.grpcPort(),
        List.of(new CourseQueriesGrpcService(grpcQueries)),
        config.httpPort(),
        router,
        new MongoReadiness(database)::isReady);
  }

  /** Starts with the tracing the {@code OTEL_*} variables configure (README.md, "Traces"). */
  public static CoursesApplication start(CoursesConfig config) throws Exception {
    return start(config, Tracing.fromEnvironment(SERVICE));
  }

  /** Starts with the given tracing (a test's in-memory exporter), closed with the service. */
  public static CoursesApplication start(CoursesConfig config, Tracing tracing) throws Exception {
    return new CoursesApplication(config, tracing);
  }

  public int httpPort() {
    return runtime.httpPort();
  }

  public int grpcPort() {
    return runtime.grpcPort();
  }

  /** SIGTERM: see {@link ServiceRuntime#close}. */
  @Override
  public void close() {
    runtime.close();
  }
}
