package dev.nis.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test cluster's start when a port it picked is taken before nats-server binds it. */
class NatsClusterIT {
  /**
   * A port held as an outgoing connection's would be: bound, not listening, so nothing accepts on
   * it and nats-server cannot bind it.
   */
  private static Socket takenPort() throws IOException {
    Socket socket = new Socket();
    socket.setReuseAddress(false);
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    return socket;
  }

  @Test
  void aNodeWhosePortWasTakenMeanwhile_isStartedAgainOnOtherPorts() throws Exception {
    try (Socket taken = takenPort()) {
      AtomicInteger handedOut = new AtomicInteger();
      // the first node's client port of the first attempt is taken; every other port is free
      NatsCluster.PortSource ports =
          () -> handedOut.getAndIncrement() == 0 ? taken.getLocalPort() : Ports.closed();

      try (NatsCluster cluster = NatsCluster.start(3, ports);
          Connection connection = cluster.connect()) {
        assertThat(cluster.url(0)).doesNotEndWith(":" + taken.getLocalPort());
        assertThat(connection.jetStreamManagement().getAccountStatistics().getStreams())
            .isNotNegative();
      }
      assertThat(handedOut).hasValue(12);
    }
  }

  @Test
  void portsTakenAtEveryAttempt_endTheStart_withTheNodesLogs() throws Exception {
    try (Socket taken = takenPort()) {
      AtomicInteger handedOut = new AtomicInteger();
      NatsCluster.PortSource ports =
          () -> handedOut.getAndIncrement() % 6 == 0 ? taken.getLocalPort() : Ports.closed();

      assertThatThrownBy(() -> NatsCluster.start(3, ports))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not start on port " + taken.getLocalPort())
          .hasMessageContaining("--- n1");
      assertThat(handedOut).hasValue(18);
    }
  }
}
