package dev.nis.bench;

import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.GetCourseRequest;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.StudentQueriesGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The read cases with the caches warm: HTTP by id ({@link ReadSweep}) and list, gRPC, and the
 * cross-service read.
 */
final class ReadCases {
  static final int CONNECTIONS = ReadSweep.CONNECTIONS;

  private final Stack stack;
  private final Data data;
  private final Rounds rounds;
  private final Results results;
  private final Path script;

  ReadCases(Bench bench) {
    this.stack = bench.stack();
    this.data = bench.data();
    this.rounds = bench.rounds();
    this.results = bench.results();
    this.script = bench.script();
  }

  void run(Raw raw) throws Exception {
    if (BenchMain.selected("cached") || BenchMain.selected("reads")) {
      new ReadSweep(new Bench(stack, data, rounds, results, script)).run();
    }
    if (BenchMain.selected("cached")) {
      list();
    }
    if (BenchMain.selected("grpc")) {
      grpcGetCourse();
    }
    if (BenchMain.selected("path")) {
      studentsOfACourse(raw);
    }
  }

  private void list() throws Exception {
    String url = stack.coursesUrl() + "/api/courses?limit=100";
    int bytes = bodyBytes(url);
    Measurement list =
        rounds.median("GET /api/courses?limit=100, c=64", new Wrk(script, url, CONNECTIONS, "get"));
    Measurement constant =
        rounds.median(
            "constant route (" + bytes + " B), c=64",
            new Wrk(
                script, stack.coursesUrl() + "/bench/constant?bytes=" + bytes, CONNECTIONS, "get"));
    results.add(
        Row.of(
            "GET /api/courses?limit=100, c=64",
            list,
            "constant route, same server, " + bytes + " B body",
            constant));
  }

  private void grpcGetCourse() throws Exception {
    ManagedChannel channel = channel(stack.coursesGrpc);
    try {
      var courses = CourseQueriesGrpc.newBlockingStub(channel);
      var health = HealthGrpc.newBlockingStub(channel);
      List<String> ids = data.courseIds();
      Rounds.Pair pair =
          rounds.alternating(
              "gRPC GetCourse, 64 in flight",
              new ClosedLoop(
                  CONNECTIONS,
                  () ->
                      courses.getCourse(
                          GetCourseRequest.newBuilder()
                              .setId(ids.get(ThreadLocalRandom.current().nextInt(ids.size())))
                              .build())),
              "gRPC Health/Check (empty unary), 64 in flight",
              new ClosedLoop(
                  CONNECTIONS, () -> health.check(HealthCheckRequest.getDefaultInstance())));
      Row row =
          Row.of(
              "gRPC GetCourse, 64 in flight",
              pair.measured(),
              "empty unary (grpc.health.v1 Check), same server",
              pair.ceiling());
      results.add(row.target(">= 60% of ceiling", row.ratio() >= 0.6));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * HTTP → courses → gRPC → students → (cache or PostgreSQL), against its parts measured alone at
   * one caller: the course read over HTTP, the students' gRPC read, the PostgreSQL query.
   */
  private void studentsOfACourse(Raw raw) throws Exception {
    String file = data.enrolledCourseFile().toString();
    String courses = stack.coursesUrl();
    Measurement whole1 =
        rounds.median(
            "GET /api/courses/{id}/students, c=1",
            new Wrk(script, courses, 1, "ids", file, "/api/courses/", "/students"));
    Measurement whole64 =
        rounds.median(
            "GET /api/courses/{id}/students, c=64",
            new Wrk(script, courses, CONNECTIONS, "ids", file, "/api/courses/", "/students"));
    Measurement httpPart =
        rounds.median(
            "part: GET /api/courses/{id}, c=1",
            new Wrk(script, courses, 1, "ids", file, "/api/courses/"));
    Measurement grpcPart;
    ManagedChannel channel = channel(stack.studentsGrpc);
    try {
      var students = StudentQueriesGrpc.newBlockingStub(channel);
      var request =
          ListStudentsByCourseRequest.newBuilder().setCourseId(data.enrolledCourse()).build();
      grpcPart =
          rounds.median(
              "part: gRPC ListStudentsByCourse, 1 caller",
              new ClosedLoop(1, () -> students.listStudentsByCourse(request)));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    Measurement sqlPart =
        rounds.median(
            "part: PostgreSQL students of a course, 1 caller",
            new ClosedLoop(1, raw.postgresStudentsOfCourse(data.enrolledCourse())));
    double sumP50 = httpPart.p50Ms() + grpcPart.p50Ms() + sqlPart.p50Ms();
    double sumP99 = httpPart.p99Ms() + grpcPart.p99Ms() + sqlPart.p99Ms();
    Measurement parts = new Measurement(1000 / sumP50, 0, 0, sumP50, sumP50, sumP99, sumP99, 0);
    results.add(
        Row.of(
                "GET /api/courses/{id}/students (" + data.enrolled() + " students), c=1",
                whole1,
                "sum of its parts alone (HTTP course read + gRPC students read + SQL), 1 caller",
                parts)
            .ratio(sumP50 / whole1.p50Ms()));
    results.add(
        Row.of(
            "GET /api/courses/{id}/students (" + data.enrolled() + " students), c=64",
            whole64,
            null,
            null));
    results.note(
        "students of a course, parts at 1 caller: HTTP course read p50 %.2f ms, gRPC students read p50 %.2f ms, SQL p50 %.2f ms; the whole p50 %.2f ms"
            .formatted(httpPart.p50Ms(), grpcPart.p50Ms(), sqlPart.p50Ms(), whole1.p50Ms()));
  }

  static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  static int bodyBytes(String url) throws Exception {
    Http.Reply reply = Http.get(url);
    if (reply.status() != 200) {
      throw new IllegalStateException(url + " answered " + reply.status());
    }
    return reply.body().getBytes(StandardCharsets.UTF_8).length;
  }
}
