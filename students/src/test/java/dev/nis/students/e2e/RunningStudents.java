package dev.nis.students.e2e;

import dev.nis.common.config.Env;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.e2e.ServiceFixture;
import dev.nis.students.StudentsApplication;
import dev.nis.students.StudentsConfig;
import dev.nis.students.testing.TestPostgres;
import java.util.HashMap;
import java.util.Map;

/**
 * The students service for end-to-end tests: over the test's PostgreSQL schema, against the
 * machine's NATS and Redis under a namespace of its own (see {@link RunningService}).
 */
final class RunningStudents extends ServiceFixture {
  private final TestPostgres postgres;

  RunningStudents(TestPostgres postgres) {
    super(Service.STUDENTS);
    this.postgres = postgres;
  }

  @Override
  public RunningService prepare(Map<String, String> overrides) throws Exception {
    Map<String, String> store = new HashMap<>();
    store.put("POSTGRES_URL", TestPostgres.URL);
    store.put("POSTGRES_USER", TestPostgres.USER);
    store.put("POSTGRES_PASSWORD", TestPostgres.PASSWORD);
    store.put("POSTGRES_SCHEMA", postgres.schema());
    store.put("POSTGRES_POOL_SIZE", "4");
    return RunningService.prepare(
        service(),
        store,
        overrides,
        env -> {
          StudentsApplication app = StudentsApplication.start(StudentsConfig.from(new Env(env)));
          return new RunningService.InProcessApp(app.httpPort(), app.grpcPort(), app::close);
        });
  }

  @Override
  public String body(String name) {
    return StudentJson.student(name);
  }
}
