package dev.nis.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcPeerChannelTest {
  @Test
  void retryPolicy_retriesOnlyUnavailable_atMostThreeAttempts() {
    Map<?, ?> methodConfig =
        (Map<?, ?>)
            ((List<?>) GrpcPeerChannel.retryServiceConfig("nis.v1.X").get("methodConfig")).get(0);
    Map<?, ?> retryPolicy = (Map<?, ?>) methodConfig.get("retryPolicy");

    assertThat(methodConfig.get("name")).isEqualTo(List.of(Map.of("service", "nis.v1.X")));
    assertThat(retryPolicy.get("maxAttempts")).isEqualTo(3.0);
    assertThat(retryPolicy.get("retryableStatusCodes")).isEqualTo(List.of("UNAVAILABLE"));
  }

  @Test
  void clientKeepalive_isNoMoreFrequentThanServersPermit() {
    assertThat(GrpcPeerChannel.KEEPALIVE_TIME)
        .isGreaterThanOrEqualTo(GrpcServer.PERMITTED_KEEPALIVE);
  }
}
