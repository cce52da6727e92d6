package dev.nis.initializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitingNatsConnectorIT {
  private static final int NATS_PORT = URI.create(NatsTestNamespace.NATS_URL).getPort();

  @Test
  void natsThatComesUpLate_isWaitedFor() throws Exception {
    try (LateTcpProxy lateNats = LateTcpProxy.forwardingAfter(Duration.ofMillis(1500), NATS_PORT)) {
      long start = System.nanoTime();

      Connection connection =
          new WaitingNatsConnector("nats://127.0.0.1:" + lateNats.port(), Duration.ofSeconds(10))
              .connect();

      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
      assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      connection.close();
    }
  }

  @Test
  void natsThatStaysDown_isGivenUpOnAfterTheWait() throws Exception {
    try (LateTcpProxy neverNats = LateTcpProxy.forwardingAfter(Duration.ofHours(1), NATS_PORT)) {
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  new WaitingNatsConnector(
                          "nats://127.0.0.1:" + neverNats.port(), Duration.ofSeconds(1))
                      .connect())
          .isInstanceOf(NatsUnavailableException.class)
          .hasMessageContaining("did not answer within PT1S");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }
}
