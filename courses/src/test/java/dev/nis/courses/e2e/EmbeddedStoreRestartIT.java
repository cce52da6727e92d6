package dev.nis.courses.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import dev.nis.common.config.Env;
import dev.nis.common.domain.CourseId;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.ApiClient.Reply;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.courses.CoursesApplication;
import dev.nis.courses.CoursesConfig;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.courses.adapter.out.mongo.MongoConnector;
import dev.nis.courses.adapter.out.mongo.MongoCourseRepository;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The courses service without {@code MONGO_URI}, as a separate process over a data directory of its
 * own: the courses it answered 201 for are still there after a SIGKILL or a SIGTERM and a restart
 * on the same directory.
 */
class EmbeddedStoreRestartIT {
  private static final String COURSES = "/api/courses";
  private static final int AT_LEAST = 30;

  @TempDir Path dataDir;

  /**
   * Clients create courses until the kill: every course answered 201 is in the data file (H2's own
   * background commit, at most once a second, would lose the last ones), and is served again.
   */
  @Test
  void everyCourseAnswered201_survivesAKill9_andARestart() throws Exception {
    try (RunningService env = prepare();
        ServiceProcess process = env.process()) {
      process.start();
      List<JsonNode> created = new CopyOnWriteArrayList<>();
      AtomicBoolean firing = new AtomicBoolean(true);
      ExecutorService clients = Executors.newFixedThreadPool(3);
      for (int c = 0; c < 3; c++) {
        clients.submit(() -> createUntilStopped(process, firing, created));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (created.size() < AT_LEAST && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }

      process.kill();
      firing.set(false);
      clients.shutdown();
      assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(created).hasSizeGreaterThanOrEqualTo(AT_LEAST);
      // read before the restart, which applies again any command not acknowledged
      assertThat(storedNames(created))
          .as("the courses in the data file")
          .containsExactlyElementsOf(created.stream().map(c -> c.path("name").asText()).toList());

      process.start();
      for (JsonNode course : created) {
        assertThat(read(process, course)).isEqualTo(course);
      }
    }
  }

  @Test
  void aCreatedCourse_survivesAGracefulStop_andARestart() throws Exception {
    try (RunningService env = prepare();
        ServiceProcess process = env.process()) {
      process.start();
      JsonNode created = create(new ApiClient(process.baseUri()), "Optics");

      assertThat(process.terminate(Duration.ofSeconds(15))).isIn(0, 143);

      process.start();
      assertThat(read(process, created)).isEqualTo(created);
    }
  }

  /**
   * No MongoDB but the embedded one over the test's directory; cache entries expire before a
   * restarted process answers, so its reads come from the data file.
   */
  private RunningService prepare() throws Exception {
    return RunningService.prepare(
        Service.COURSES,
        Map.of("MONGO_URI", "", CoursesConfig.DATA_DIR_VARIABLE, dataDir.toString()),
        Map.of("CACHE_TTL", "250ms"),
        environment -> {
          CoursesApplication app =
              CoursesApplication.start(CoursesConfig.from(new Env(environment)));
          return new RunningService.InProcessApp(app.httpPort(), app.grpcPort(), app::close);
        });
  }

  private static JsonNode create(ApiClient api, String name) {
    Reply reply = api.post(COURSES, CourseJson.course(name), "Prefer", "wait=5");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.data();
  }

  /** Creates courses one after the other until stopped or the service is gone. */
  private static void createUntilStopped(
      ServiceProcess process, AtomicBoolean firing, List<JsonNode> created) {
    ApiClient api = new ApiClient(process.baseUri());
    try {
      while (firing.get()) {
        created.add(create(api, "Kill " + created.size()));
      }
    } catch (UncheckedIOException killed) {
      // the service is gone
    }
  }

  private static JsonNode read(ServiceProcess process, JsonNode course) {
    Reply reply = new ApiClient(process.baseUri()).get(COURSES + "/" + course.path("id").asText());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.data();
  }

  /** The names of these courses as the data file holds them, read with the service stopped. */
  private List<String> storedNames(List<JsonNode> courses) {
    try (InProcessMongo file = InProcessMongo.onDisk(dataDir);
        MongoClient client = MongoConnector.connect(file.connectionString())) {
      MongoCourseRepository repository = new MongoCourseRepository(client.getDatabase("nis"));
      return courses.stream()
          .map(
              course ->
                  repository
                      .findById(new CourseId(course.path("id").asText()))
                      .map(found -> found.fields().name())
                      .orElse("(missing)"))
          .toList();
    }
  }
}
