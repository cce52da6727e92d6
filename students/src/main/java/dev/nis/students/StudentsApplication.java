package dev.nis.students;

import dev.nis.common.application.CachedQueries;
import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.observation.Observed;
import dev.nis.common.runtime.ServiceRuntime;
import dev.nis.common.tracing.Tracing;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.students.adapter.in.grpc.StudentQueriesGrpcService;
import dev.nis.students.adapter.in.http.StudentRoutes;
import dev.nis.students.adapter.out.grpc.CoursesGrpcClient;
import dev.nis.students.adapter.out.postgres.PostgresConnector;
import dev.nis.students.adapter.out.postgres.PostgresEnrollmentInbox;
import dev.nis.students.adapter.out.postgres.PostgresReadiness;
import dev.nis.students.adapter.out.postgres.PostgresStudentRepository;
import dev.nis.students.adapter.out.redis.RedisStudentCache;
import dev.nis.students.adapter.proto.StudentCommandCodec;
import dev.nis.students.application.CoreStudentService;
import dev.nis.students.application.port.in.ApplyStudentCommands;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.application.port.in.SubmitStudentCommands;
import dev.nis.students.domain.Student;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * The wiring of the students service (the original's constructors.go): its store, cache, core and
 * adapters built with plain constructors on the shared {@link ServiceRuntime}, which owns the
 * lifecycle. The decorator order of each port reads below: observation (metrics and logging, per
 * transport) over caching over the core.
 */
public final class StudentsApplication implements AutoCloseable {
  private static final String SERVICE = "students";
  static final String EVENTS_PATH = "/api/students/events";

  /**
   * The shape of {@link dev.nis.common.domain.StudentId} as it is written (a lower-case UUID):
   * which operations in the shared bucket are this service's.
   */
  private static final Pattern STUDENT_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final ServiceRuntime runtime;

  private StudentsApplication(StudentsConfig config, Tracing tracing) throws Exception {
    runtime = new ServiceRuntime(SERVICE, config.shutdownGrace(), config.httpLimits(), tracing);
    try {
      wire(config);
    } catch (Exception e) {
      runtime.close();
      throw e;
    }
  }

  private void wire(StudentsConfig config) throws Exception {
    // NATS and Redis connect while the store starts (each used to wait for the one before it)
    runtime.connectNats(config.natsUrl());
    var redis = runtime.redis(config.redisUrl(), config.cacheKeyPrefix());
    DataSource pool = runtime.closing(PostgresConnector.open(config.postgres()));
    // a span per statement only when spans are made: with a no-op tracer the wrapper still builds
    // each statement's attributes (Tracing#makesSpans)
    DSLContext sql =
        PostgresConnector.jooq(
            runtime.tracing().makesSpans()
                ? JdbcTelemetry.create(runtime.tracing().openTelemetry()).wrap(pool)
                : pool);
    var repository = new PostgresStudentRepository(sql, runtime.registry());
    AnswerCache<Student, StudentId, CourseId> cache =
        RedisStudentCache.metered(
            RedisStudentCache.create(redis, config.cacheKeyPrefix(), config.cacheTtl()),
            runtime.registry());

    var streams =
        runtime.streams(
            config.natsUrl(),
            config.contract(),
            StudentCommandCodec::encode,
            config.publishTimeout(),
            config.queueLimit());
    var courses =
        new CoursesGrpcClient(
            runtime.peerChannel(config.coursesGrpcTarget(), CourseQueriesGrpc.SERVICE_NAME),
            config.peerDeadline());
    var core =
        new CoreStudentService(
            repository,
            streams.commands(),
            streams.operations(),
            streams.idempotency(),
            courses,
            streams.enrollments());
    StudentQueries queries = CachedQueries.port(StudentQueries.class, core, cache);
    runtime.applyQueued(
        streams,
        StudentCommandCodec::decode,
        Observed.port(ApplyStudentCommands.class, core, runtime.observation("queue")),
        cache,
        new PostgresEnrollmentInbox(sql));

    var http = runtime.observation("http");
    HttpRouter router =
        new StudentRoutes(
                Observed.port(StudentQueries.class, queries, http),
                Observed.port(SubmitStudentCommands.class, core, http),
                runtime.outcomes())
            .registerOn(new HttpRouter());
    // the event stream (README.md, "The event stream"); a student id is a UUID
    router.get(
        EVENTS_PATH,
        runtime.eventStream(
            config.contract(), "student", STUDENT_ID.asMatchPredicate(), config.events()));
    var grpcQueries = Observed.port(StudentQueries.class, queries, runtime.observation("grpc"));
    runtime.serve(
        config.grpcPort(),
        List.of(new StudentQueriesGrpcService(grpcQueries)),
        config.httpPort(),
        router,
        new PostgresReadiness(
                PostgresConnector.jooq(
                    runtime.closing(PostgresConnector.readinessPool(config.postgres()))))
            ::isReady);
  }

  /** Starts with the tracing the {@code OTEL_*} variables configure (README.md, "Traces"). */
  public static StudentsApplication start(StudentsConfig config) throws Exception {
    return start(config, Tracing.fromEnvironment(SERVICE));
  }

  /** Starts with the given tracing (a test's in-memory exporter), closed with the service. */
  public static StudentsApplication start(StudentsConfig config, Tracing tracing) throws Exception {
    return new StudentsApplication(config, tracing);
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
