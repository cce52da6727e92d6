package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.GracefulShutdownContract;
import dev.nis.courses.testing.TestMongo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GracefulShutdownContract} for courses, as a separate process over MongoDB. */
class GracefulShutdownIT extends GracefulShutdownContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  GracefulShutdownIT() {
    super(new RunningCourses(mongo));
  }
}
