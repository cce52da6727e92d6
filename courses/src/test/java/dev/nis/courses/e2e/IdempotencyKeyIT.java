package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.IdempotencyKeyContract;
import dev.nis.courses.testing.TestMongo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link IdempotencyKeyContract} for courses, over MongoDB. */
class IdempotencyKeyIT extends IdempotencyKeyContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  IdempotencyKeyIT() {
    super(new RunningCourses(mongo));
  }
}
