package dev.nis.students.e2e;

import dev.nis.common.testing.e2e.EventStreamContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EventStreamContract} for students: {@code GET /api/students/events} over PostgreSQL. */
class EventStreamIT extends EventStreamContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  EventStreamIT() {
    super(new RunningStudents(postgres));
  }
}
