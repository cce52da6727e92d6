package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.RedisOutageContract;
import dev.nis.courses.testing.TestMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisOutageContract} for courses: reads fall back to MongoDB. */
class RedisOutageIT extends RedisOutageContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  RedisOutageIT() {
    super(new RunningCourses(mongo));
  }

  @Test
  void redisDown_readsStayCorrectFromMongo_andChangesFinishWhenItReturns() throws Exception {
    readsStayCorrectFromTheStore_andChangesFinish();
  }
}
