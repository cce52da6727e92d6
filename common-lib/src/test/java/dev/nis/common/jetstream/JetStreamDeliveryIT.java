package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.PrivateNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An ack while the connection's server is away: it is sent once the connection is back (the
 * services' connection buffers nothing while reconnecting, so the first try throws), and the
 * message is settled without waiting for the ack wait and a redelivery.
 */
class JetStreamDeliveryIT {
  @Test
  void anAckWhileTheServerIsAway_isSentOnceTheConnectionIsBack() throws Exception {
    try (PrivateNatsServer server = PrivateNatsServer.onFreePort().start();
        Connection connection = NatsConnector.connect(server.url(), "delivery-it")) {
      JetStreamManagement jsm = connection.jetStreamManagement();
      jsm.addStream(
          StreamConfiguration.builder()
              .name("ACKS")
              .subjects("acks")
              .storageType(StorageType.File)
              .build());
      // an ack wait far beyond the test: a redelivery cannot stand in for the ack
      jsm.addOrUpdateConsumer(
          "ACKS",
          ConsumerConfiguration.builder()
              .durable("applier")
              .ackPolicy(AckPolicy.Explicit)
              .ackWait(Duration.ofMinutes(5))
              .build());
      connection.jetStream().publish("acks", "one".getBytes());
      JetStreamSubscription subscription =
          connection
              .jetStream()
              .subscribe("acks", PullSubscribeOptions.fastBind("ACKS", "applier"));
      Message message = subscription.fetch(1, Duration.ofSeconds(10)).getFirst();

      server.stop();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> connection.getStatus() != Connection.Status.CONNECTED);
      CompletableFuture<Void> acking =
          CompletableFuture.runAsync(
              () -> new JetStreamDelivery<>("one", message, Duration.ofSeconds(60)).ack());
      server.start();
      acking.get(60, TimeUnit.SECONDS);

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                var info = jsm.getConsumerInfo("ACKS", "applier");
                assertThat(info.getNumAckPending()).as("unacknowledged").isZero();
                assertThat(info.getAckFloor().getStreamSequence()).as("ack floor").isEqualTo(1);
              });
    }
  }
}
