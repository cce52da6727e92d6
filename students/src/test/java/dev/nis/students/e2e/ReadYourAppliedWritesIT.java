package dev.nis.students.e2e;

import dev.nis.common.testing.e2e.ReadYourAppliedWritesContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ReadYourAppliedWritesContract} for students, over PostgreSQL. */
class ReadYourAppliedWritesIT extends ReadYourAppliedWritesContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  ReadYourAppliedWritesIT() {
    super(new RunningStudents(postgres));
  }
}
