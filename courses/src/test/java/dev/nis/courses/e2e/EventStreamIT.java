package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.EventStreamContract;
import dev.nis.courses.testing.TestMongo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EventStreamContract} for courses: {@code GET /api/courses/events} over MongoDB. */
class EventStreamIT extends EventStreamContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  EventStreamIT() {
    super(new RunningCourses(mongo));
  }
}
