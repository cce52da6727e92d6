package dev.nis.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RedisConnectorTest {
  @Test
  void aFailedAttempt_isLoggedByItsInnermostCause_whichSaysWhatWentWrong() {
    Throwable failure =
        new CompletionException(
            new RedisConnectionException(
                "Unable to connect to 127.0.0.1/<unresolved>:6379",
                new RedisCommandTimeoutException(
                    "Connection initialization timed out after 250 millisecond(s)")));

    assertThat(RedisConnector.rootCause(failure))
        .isEqualTo(
            "io.lettuce.core.RedisCommandTimeoutException: Connection initialization timed out"
                + " after 250 millisecond(s)");
  }

  @Test
  void aFailureWithoutCause_isLoggedAsItself() {
    assertThat(RedisConnector.rootCause(new RedisConnectionException("refused")))
        .isEqualTo("io.lettuce.core.RedisConnectionException: refused");
  }
}
