package dev.nis.students.e2e;

import dev.nis.common.testing.e2e.GracefulShutdownContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GracefulShutdownContract} for students, as a separate process over PostgreSQL. */
class GracefulShutdownIT extends GracefulShutdownContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  GracefulShutdownIT() {
    super(new RunningStudents(postgres));
  }
}
