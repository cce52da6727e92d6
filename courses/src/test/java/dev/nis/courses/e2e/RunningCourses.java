package dev.nis.courses.e2e;

import dev.nis.common.config.Env;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.e2e.ServiceFixture;
import dev.nis.courses.CoursesApplication;
import dev.nis.courses.CoursesConfig;
import dev.nis.courses.testing.TestMongo;
import java.util.Map;

/**
 * The courses service for end-to-end tests: over the test's MongoDB, against the machine's NATS and
 * Redis under a namespace of its own (see {@link RunningService}).
 */
final class RunningCourses extends ServiceFixture {
  private final TestMongo mongo;

  RunningCourses(TestMongo mongo) {
    super(Service.COURSES);
    this.mongo = mongo;
  }

  @Override
  public RunningService prepare(Map<String, String> overrides) throws Exception {
    Map<String, String> store =
        Map.of("MONGO_URI", mongo.uri(), "MONGO_DATABASE", mongo.databaseName());
    return RunningService.prepare(
        service(),
        store,
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
