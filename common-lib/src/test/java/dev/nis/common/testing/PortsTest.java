package dev.nis.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {
  private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  @Test
  void aFreePort_liesBelowTheKernelsEphemeralRange_soNoOutgoingConnectionTakesIt()
      throws Exception {
    assumeTrue(Files.isReadable(RANGE), "needs Linux's " + RANGE);
    int ephemeralLow = Ports.firstNumber(RANGE);
    assertThat(Ports.ephemeralLow()).isEqualTo(ephemeralLow);

    for (int i = 0; i < 200; i++) {
      assertThat(Ports.free()).isBetween(Ports.LOWEST, ephemeralLow - 1);
    }
  }

  @Test
  void aFreePort_canBeBound_andIsNotHandedOutTwice() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Ports.free();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      try (ServerSocket bound = new ServerSocket(port)) {
        assertThat(bound.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void aPortSomeoneListensOn_isNotBindable_andIsOnceItCloses() throws Exception {
    int port = Ports.free();
    try (ServerSocket listening = new ServerSocket(port)) {
      assertThat(Ports.bindable(port)).isFalse();
    }
    assertThat(Ports.bindable(port)).isTrue();
  }
}
