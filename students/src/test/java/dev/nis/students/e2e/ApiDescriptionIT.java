package dev.nis.students.e2e;

import dev.nis.common.testing.e2e.ApiDescriptionContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ApiDescriptionContract} for students: its document, discovery and docs page. */
class ApiDescriptionIT extends ApiDescriptionContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  ApiDescriptionIT() {
    super(new RunningStudents(postgres));
  }
}
