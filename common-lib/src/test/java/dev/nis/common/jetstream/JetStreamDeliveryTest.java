package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Message;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The ack's retries against a connection whose status moves exactly when the test says: the race
 * JetStreamDeliveryIT meets only now and then (the reconnect finishing between a failed try and the
 * look at the status). The message and its connection are stand-ins for jnats' own, answering the
 * two calls the ack makes.
 */
class JetStreamDeliveryTest {
  private static final String NOT_QUEUED =
      "Unable to queue any more messages during reconnect, max buffer is 0";

  private final AtomicReference<Connection.Status> status = new AtomicReference<>();
  private final AtomicInteger tries = new AtomicInteger();

  /** A message whose n-th ack (from 1) runs {@code onTry.accept(n)}, which may throw. */
  private Message message(IntConsumer onTry) {
    Connection connection =
        (Connection)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getStatus")) {
                    return status.get();
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return (Message)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Message.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "ack" -> {
                    onTry.accept(tries.incrementAndGet());
                    yield null;
                  }
                  case "getConnection" -> connection;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static JetStreamDelivery<String> delivery(Message message) {
    return new JetStreamDelivery<>("payload", message, Duration.ofSeconds(2));
  }

  @Test
  void aTryThatRacedTheReconnect_isMadeAgain() {
    status.set(Connection.Status.RECONNECTING);
    Message message =
        message(
            n -> {
              if (n == 1) {
                status.set(Connection.Status.CONNECTED); // the reconnect ends as the try fails
                throw new IllegalStateException(NOT_QUEUED);
              }
            });

    delivery(message).ack();

    assertThat(tries).hasValue(2);
  }

  @Test
  void whileTheServerIsAway_theAckWaitsForItsReturn() {
    status.set(Connection.Status.RECONNECTING);
    Message message =
        message(
            n -> {
              if (n < 4) {
                if (n == 3) {
                  status.set(Connection.Status.CONNECTED);
                }
                throw new IllegalStateException(NOT_QUEUED);
              }
            });

    delivery(message).ack();

    assertThat(tries).hasValue(4);
  }

  @Test
  void anAckRefusedTwiceWhileConnected_throws() {
    status.set(Connection.Status.CONNECTED);
    Message message =
        message(
            n -> {
              throw new IllegalStateException("refused");
            });

    assertThatThrownBy(() -> delivery(message).ack()).hasMessage("refused");
    assertThat(tries).hasValue(2);
  }

  @Test
  void onAClosedConnection_theFirstFailureIsThrown() {
    status.set(Connection.Status.CLOSED);
    Message message =
        message(
            n -> {
              throw new IllegalStateException("Connection is Closed");
            });

    assertThatThrownBy(() -> delivery(message).ack()).hasMessage("Connection is Closed");
    assertThat(tries).hasValue(1);
  }
}
