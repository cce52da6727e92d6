package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The enrollment probes against a stand-in for both services: a PUT of an enrollment answered with
 * a given status, and a student that lists each course it was enrolled in a given time after the
 * PUT (or never).
 */
class EnrollmentVisibilityTest {
  private static final List<String> COURSES =
      IntStream.range(0, 10).mapToObj(i -> "course-" + i).toList();
  private static final List<String> STUDENTS =
      IntStream.range(0, 20).mapToObj(i -> "student-" + i).toList();

  /** Per student, each course enrolled and when (nanoTime). */
  private final Map<String, Map<String, Long>> enrolled = new ConcurrentHashMap<>();

  private final List<String> enrollments = new CopyOnWriteArrayList<>();
  private final AtomicInteger reads = new AtomicInteger();

  /** Per student, when each read of it arrived (nanoTime). */
  private final Map<String, List<Long>> readTimes = new ConcurrentHashMap<>();

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves both services' routes; {@code visibleAfter} null: a course never shows. */
  private String serve(int putStatus, Duration visibleAfter) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/api/courses/",
        exchange -> {
          // /api/courses/{c}/students/{s}
          String[] parts = exchange.getRequestURI().getPath().split("/");
          enrollments.add(exchange.getRequestMethod() + " " + parts[3] + "/" + parts[5]);
          if (putStatus == 202) {
            enrolled
                .computeIfAbsent(parts[5], s -> new ConcurrentHashMap<>())
                .put(parts[3], System.nanoTime());
          }
          answer(exchange, putStatus, "{}");
        });
    server.createContext(
        "/api/students/",
        exchange -> {
          reads.incrementAndGet();
          String student = exchange.getRequestURI().getPath().substring("/api/students/".length());
          readTimes
              .computeIfAbsent(student, s -> new CopyOnWriteArrayList<>())
              .add(System.nanoTime());
          StringBuilder courseIds = new StringBuilder();
          enrolled
              .getOrDefault(student, Map.of())
              .forEach(
                  (course, at) -> {
                    if (visibleAfter != null && System.nanoTime() - at >= visibleAfter.toNanos()) {
                      courseIds.append(courseIds.isEmpty() ? "" : ",").append('"' + course + '"');
                    }
                  });
          answer(exchange, 200, "{\"id\":\"" + student + "\",\"course_ids\":[" + courseIds + "]}");
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    try (exchange) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static Load background(long errors) {
    return length -> new Measurement(0, 0, errors, 0, 0, 0, 0, length.toNanos() / 1e9);
  }

  @Test
  void eachProbeEnrollsANewPairAndIsMeasuredUntilTheStudentListsTheCourse() throws Exception {
    Duration visibleAfter = Duration.ofMillis(40);
    String url = serve(202, visibleAfter);
    Duration length = Duration.ofMillis(1_500);

    Measurement measured =
        new EnrollmentVisibility(url, url, COURSES, STUDENTS, background(0)).run(length);

    long probes = (long) (length.toNanos() / (1e9 / EnrollmentVisibility.PROBES_PER_SECOND));
    assertThat(measured.count()).isEqualTo(probes);
    assertThat(measured.errors()).isZero();
    assertThat(enrollments)
        .hasSize((int) probes)
        .doesNotHaveDuplicates()
        .allMatch(enrollment -> enrollment.startsWith("PUT "));
    assertThat(measured.p50Ms()).isGreaterThanOrEqualTo(visibleAfter.toMillis());
    // a probe pauses at least POLL between reads (a student's probes are a second apart)
    readTimes.forEach(
        (student, times) -> {
          for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1))
                .as("the pause before read %d of %s", i, student)
                .isGreaterThanOrEqualTo(EnrollmentVisibility.POLL.toNanos());
          }
        });
    assertThat(reads.get()).isGreaterThanOrEqualTo((int) probes);
  }

  @Test
  void anEnrollmentNotAcceptedIsAnErrorAndNotRead() throws Exception {
    String url = serve(409, Duration.ZERO);

    Measurement measured =
        new EnrollmentVisibility(url, url, COURSES, STUDENTS, background(0))
            .run(Duration.ofMillis(500));

    assertThat(measured.count()).isZero();
    assertThat(measured.errors()).isEqualTo(enrollments.size()).isPositive();
    assertThat(reads.get()).isZero();
  }

  @Test
  void aCourseThatNeverShowsIsAnErrorAfterFewerReadsAsTheWaitGrows() throws Exception {
    String url = serve(202, null);

    Measurement measured =
        new EnrollmentVisibility(url, url, COURSES, STUDENTS, background(2))
            .run(Duration.ofMillis(200));

    assertThat(measured.count()).isZero();
    assertThat(enrollments).isNotEmpty();
    // every probe failed, and the background load's own errors count too
    assertThat(measured.errors()).isEqualTo(enrollments.size() + 2L);
    // 10 reads in the first 100 ms, then pauses of a quarter of the wait: under 30 reads in 5 s
    assertThat(reads.get()).isLessThan(30 * enrollments.size());
    assertThat(reads.get()).isGreaterThan(10 * enrollments.size());
  }
}
