package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.CommandQueueLimitContract;
import dev.nis.courses.testing.TestMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CommandQueueLimitContract} for courses. */
class CommandQueueLimitIT extends CommandQueueLimitContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  CommandQueueLimitIT() {
    super(new RunningCourses(mongo));
  }

  @Test
  void overTheLimit_courseCreatesWaitThenAre503_andNothingIsQueued() throws Exception {
    overTheLimit_mutationsWaitThenAre503_andNothingIsQueued();
  }
}
