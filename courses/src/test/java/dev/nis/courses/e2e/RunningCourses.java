package dev.nis.courses.e2e;

import dev.nis.common.config.Env;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.e2e.ServiceFixture;
import dev.nis.courses.CoursesApplication;
import dev.nis.courses.CoursesConfig;
import dev.nis.courses.testing.TestMongo;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The courses service for end-to-end tests: over the test's MongoDB, against the machine's NATS and
 * Redis under a namespace of its own (see {@link RunningService}).
 */
final class RunningCourses extends ServiceFixture {
  /** The store's settings, asked for when the service is prepared (the test's MongoDB is up). */
  private final Supplier<Map<String, String>> store;

  RunningCourses(TestMongo mongo) {
    this(() -> Map.of("MONGO_URI", mongo.uri(), "MONGO_DATABASE", mongo.databaseName()));
  }

  private RunningCourses(Supplier<Map<String, String>> store) {
    super(Service.COURSES);
    this.store = store;
  }

  /** The default mode: no {@code MONGO_URI}, the embedded MongoDB's file in {@code dataDir}. */
  static RunningCourses embeddedIn(Supplier<Path> dataDir) {
    return new RunningCourses(
        () -> Map.of("MONGO_URI", "", CoursesConfig.DATA_DIR_VARIABLE, dataDir.get().toString()));
  }

  @Override
  public RunningService prepare(Map<String, String> overrides) throws Exception {
    return RunningService.prepare(
        service(),
        store.get(),
        overrides,
        env -> {
          CoursesApplication app = CoursesApplication.start(CoursesConfig.from(new Env(env)));
          return new RunningService.InProcessApp(app.httpPort(), app.grpcPort(), app::close);
        });
  }

  @Override
  public String body(String name) {
    return CourseJson.course(name);
  }
}
