package dev.nis.students.e2e;

import dev.nis.common.testing.e2e.JsonLogsContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JsonLogsContract} for students, as a separate process over its own schema. */
class JsonLogsIT extends JsonLogsContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  JsonLogsIT() {
    super(new RunningStudents(postgres));
  }
}
