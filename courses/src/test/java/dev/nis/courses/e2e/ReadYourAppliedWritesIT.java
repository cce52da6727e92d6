package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.ReadYourAppliedWritesContract;
import dev.nis.courses.testing.TestMongo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ReadYourAppliedWritesContract} for courses, over MongoDB. */
class ReadYourAppliedWritesIT extends ReadYourAppliedWritesContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  ReadYourAppliedWritesIT() {
    super(new RunningCourses(mongo));
  }
}
