package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.ApiDescriptionContract;
import dev.nis.courses.testing.TestMongo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ApiDescriptionContract} for courses: its document, discovery and docs page. */
class ApiDescriptionIT extends ApiDescriptionContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  ApiDescriptionIT() {
    super(new RunningCourses(mongo));
  }
}
