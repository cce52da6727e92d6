package dev.nis.students.e2e;

import dev.nis.common.testing.e2e.CommandQueueLimitContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CommandQueueLimitContract} for students. */
class CommandQueueLimitIT extends CommandQueueLimitContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  CommandQueueLimitIT() {
    super(new RunningStudents(postgres));
  }

  @Test
  void overTheLimit_studentCreatesWaitThenAre503_andNothingIsQueued() throws Exception {
    overTheLimit_mutationsWaitThenAre503_andNothingIsQueued();
  }
}
