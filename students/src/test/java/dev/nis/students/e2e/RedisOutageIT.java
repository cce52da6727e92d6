package dev.nis.students.e2e;

import dev.nis.common.testing.e2e.RedisOutageContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisOutageContract} for students: reads fall back to PostgreSQL. */
class RedisOutageIT extends RedisOutageContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  RedisOutageIT() {
    super(new RunningStudents(postgres));
  }

  @Test
  void redisDown_readsStayCorrectFromPostgres_andChangesFinishWhenItReturns() throws Exception {
    readsStayCorrectFromTheStore_andChangesFinish();
  }
}
