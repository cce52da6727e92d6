package dev.nis.students.e2e;

import dev.nis.common.testing.e2e.IdempotencyKeyContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link IdempotencyKeyContract} for students, over PostgreSQL. */
class IdempotencyKeyIT extends IdempotencyKeyContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  IdempotencyKeyIT() {
    super(new RunningStudents(postgres));
  }
}
