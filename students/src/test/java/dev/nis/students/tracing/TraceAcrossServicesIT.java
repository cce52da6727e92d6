package dev.nis.students.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.TestNats;
import dev.nis.common.tracing.OrphanClientSpansDropped;
import dev.nis.common.tracing.Tracing;
import dev.nis.courses.CoursesApplication;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.students.StudentsApplication;
import dev.nis.students.testing.InProcessPairConfig;
import dev.nis.students.testing.PairEnvironment;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Both services in this JVM, each with its own OpenTelemetry SDK (its own {@code service.name})
 * exporting into one in-memory exporter: one POST that enrolls a student makes one trace that runs
 * from the students service's HTTP span through the command's publish and apply and the enrollment
 * log entry to the courses service's apply of that entry, each span the child of the one before; a
 * relation read makes one trace across the gRPC call to the peer, down to its database and Redis.
 */
class TraceAcrossServicesIT {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  @Test
  void anEnrollingPost_isOneTrace_fromTheHttpSpanToTheOtherServicesApply() throws Exception {
    String schema = "traces_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    try (TestNats nats = TestNats.provisioned();
        InProcessMongo mongo = InProcessMongo.start();
        OpenTelemetrySdk coursesSdk = sdk("courses");
        OpenTelemetrySdk studentsSdk = sdk("students")) {
      InProcessPairConfig config =
          InProcessPairConfig.of(nats, mongo.connectionString(), "traces", schema);
      try (CoursesApplication courses =
              CoursesApplication.start(config.courses(), Tracing.of(coursesSdk));
          StudentsApplication students =
              StudentsApplication.start(config.students(), Tracing.of(studentsSdk))) {
        ApiClient coursesApi = new ApiClient(URI.create("http://127.0.0.1:" + courses.httpPort()));
        ApiClient studentsApi =
            new ApiClient(URI.create("http://127.0.0.1:" + students.httpPort()));
        ApiClient.Reply course =
            coursesApi.post(
                "/api/courses",
                """
                {"name":"Tracing","description":"Spans and traces","discipline":"Testing","teacher":"Tester"}""",
                "Prefer",
                "wait=5");
        assertThat(course.status()).as(course.body()).isEqualTo(201);
        String courseId = course.data().get("id").asText();
        exporter.reset();

        ApiClient.Reply student =
            studentsApi.post(
                "/api/students",
                """
                {"name":"Tracy","first_name":"Trace","last_name":"Parent","course_ids":["%s"]}"""
                    .formatted(courseId),
                "Prefer",
                "wait=5");
        assertThat(student.status()).as(student.body()).isEqualTo(201);

        JetStreamContract contract = new JetStreamContract(nats.namespace().toLowerCase());
        SpanData post = awaitSpan(named("students", SpanKind.SERVER, "POST /api/students"));
        SpanData coursesApply =
            awaitSpan(
                named("courses", SpanKind.INTERNAL, "courses applyEnrollment")
                    .and(span -> span.getTraceId().equals(post.getTraceId())));
        List<SpanData> chain = ancestors(coursesApply);
        printTrace(post.getTraceId());

        assertThat(chain)
            .extracting(span -> service(span) + " " + span.getKind() + " " + span.getName())
            .as("the span's ancestors, from the root down")
            .containsSubsequence(
                "students SERVER POST /api/students",
                "students PRODUCER publish " + contract.commandsStreamPrefix("students"),
                "students CONSUMER process " + contract.commandsStreamPrefix("students"),
                "students INTERNAL students apply",
                "students PRODUCER publish " + contract.enrollmentStream(),
                "courses CONSUMER process " + contract.enrollmentStream(),
                "courses INTERNAL courses applyEnrollment");
        assertThat(chain.getFirst().getSpanId()).as("the root").isEqualTo(post.getSpanId());

        assertThat(spansOf(post.getTraceId()).stream().filter(dbCallOf("students")))
            .as("the students' PostgreSQL calls inside the trace")
            .isNotEmpty();
        assertThat(spansOf(post.getTraceId()).stream().filter(dbCallOf("courses")))
            .as("the courses' MongoDB calls inside the trace")
            .isNotEmpty();

        exporter.reset();
        ApiClient.Reply related = coursesApi.get("/api/courses/" + courseId + "/students");
        assertThat(related.status()).as(related.body()).isEqualTo(200);
        SpanData read =
            awaitSpan(named("courses", SpanKind.SERVER, "GET /api/courses/{id}/students"));
        SpanData peer =
            awaitSpan(
                span ->
                    service(span).equals("students")
                        && span.getKind() == SpanKind.SERVER
                        && span.getName().startsWith("nis.v1.StudentQueries/")
                        && span.getTraceId().equals(read.getTraceId()));
        assertThat(ancestors(peer))
            .extracting(span -> service(span) + " " + span.getKind())
            .containsSubsequence("courses SERVER", "courses CLIENT", "students SERVER");
        assertThat(spansOf(read.getTraceId()).stream().filter(redisCallOf("students")))
            .as("the peer's cache lookups, inside the read's trace")
            .isNotEmpty();
        assertThat(spansOf(read.getTraceId()).stream().filter(dbCallOf("courses")))
            .as("the course's lookup in MongoDB, inside the read's trace")
            .isNotEmpty();
      }
    } finally {
      try (Connection sql = DriverManager.getConnection(PairEnvironment.PG_URL, "postgres", "")) {
        sql.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private OpenTelemetrySdk sdk(String service) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setResource(
                    Resource.getDefault()
                        .merge(Resource.builder().put(SERVICE_NAME, service).build()))
                .setSampler(new OrphanClientSpansDropped(Sampler.parentBased(Sampler.alwaysOn())))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  private SpanData awaitSpan(Predicate<SpanData> wanted) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> exporter.getFinishedSpanItems().stream().filter(wanted).findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private List<SpanData> spansOf(String traceId) {
    return exporter.getFinishedSpanItems().stream()
        .filter(span -> span.getTraceId().equals(traceId))
        .toList();
  }

  /** The span and its parents up to the root, root first; fails on a parent that is missing. */
  private List<SpanData> ancestors(SpanData span) {
    Map<String, SpanData> byId = new HashMap<>();
    spansOf(span.getTraceId()).forEach(s -> byId.put(s.getSpanId(), s));
    List<SpanData> chain = new ArrayList<>();
    for (SpanData at = span; at != null; ) {
      chain.addFirst(at);
      if (!at.getParentSpanContext().isValid()) {
        break;
      }
      SpanData parent = byId.get(at.getParentSpanId());
      assertThat(parent != null).as("the parent of " + at.getName() + " is in the trace").isTrue();
      at = parent;
    }
    return chain;
  }

  private void printTrace(String traceId) {
    System.out.println("trace " + traceId + ":");
    spansOf(traceId).stream()
        .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
        .forEach(
            span ->
                System.out.printf(
                    "  %s %-8s %-9s %s (parent %s, %d us)%n",
                    span.getSpanId(),
                    service(span),
                    span.getKind(),
                    span.getName(),
                    span.getParentSpanId(),
                    (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1000));
  }

  private static Predicate<SpanData> named(String service, SpanKind kind, String name) {
    return span ->
        service(span).equals(service) && span.getKind() == kind && span.getName().equals(name);
  }

  private static Predicate<SpanData> dbCallOf(String service) {
    return span ->
        service(span).equals(service)
            && span.getKind() == SpanKind.CLIENT
            && span.getAttributes().asMap().keySet().stream()
                .anyMatch(key -> key.getKey().startsWith("db.") && !isRedis(span));
  }

  private static Predicate<SpanData> redisCallOf(String service) {
    return span -> service(span).equals(service) && isRedis(span);
  }

  private static boolean isRedis(SpanData span) {
    return "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system.name")));
  }

  private static String service(SpanData span) {
    return span.getResource().getAttribute(SERVICE_NAME);
  }
}
