package dev.nis.common.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.CommandNotAcknowledgedException;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.OperationId;
import dev.nis.common.testing.PrivateNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A command whose publish reached a NATS server that then stalled: whether JetStream stored it is
 * unknown when the acknowledgement's wait ends, so the queue sends it again under the same {@code
 * Nats-Msg-Id} and learns the answer, instead of answering 503 for a command that is stored and
 * will be applied (a client's retry without an Idempotency-Key then made it twice).
 */
class JetStreamCommandQueueIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private record TestCommand(OperationId operationId, String entityId, Action action)
      implements Command<String> {}

  private static JetStreamCommandQueue<TestCommand> queue(Connection connection) throws Exception {
    JetStreamManagement streams = connection.jetStreamManagement();
    streams.addStream(
        StreamConfiguration.builder()
            .name("TEST_COMMANDS_0")
            .subjects("test.commands.0")
            .storageType(StorageType.File)
            .build());
    return new JetStreamCommandQueue<>(
        connection,
        "TEST_COMMANDS",
        command -> "TEST_COMMANDS_0",
        command -> "test.commands.0",
        command -> command.operationId().toString().getBytes(UTF_8),
        TIMEOUT);
  }

  private static long stored(Connection connection) throws Exception {
    return connection
        .jetStreamManagement()
        .getStreamInfo("TEST_COMMANDS_0")
        .getStreamState()
        .getMsgCount();
  }

  /**
   * Frozen for longer than the first wait (the timeout and one sweep of the NATS client: at most 3
   * s), shorter than the first and the second together (at least 4 s): the first publish is stored
   * late, the second is its duplicate and answered in time.
   */
  @Test
  void aCommandStoredAfterItsAcknowledgementsWait_isAcknowledgedWhenSentAgain_andStoredOnce()
      throws Exception {
    try (PrivateNatsServer server = PrivateNatsServer.onFreePort().start();
        Connection connection = NatsConnector.connect(server.url(), "command-queue-it")) {
      JetStreamCommandQueue<TestCommand> queue = queue(connection);
      server.pause();
      Thread resume =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Thread.sleep(3_300);
                      server.resume();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
      try {
        queue.enqueue(new TestCommand(OperationId.random(), "e1", Action.CREATE));
      } finally {
        resume.join();
      }
      assertThat(stored(connection)).isEqualTo(1);
    }
  }

  /**
   * A server that stays frozen through both waits: unknown whether it stored the command (it does
   * once it goes on), so the exception names the operation for the 503.
   */
  @Test
  void aCommandNeverAcknowledged_isUnavailable_namingItsOperation() throws Exception {
    try (PrivateNatsServer server = PrivateNatsServer.onFreePort().start();
        Connection connection = NatsConnector.connect(server.url(), "command-queue-it")) {
      JetStreamCommandQueue<TestCommand> queue = queue(connection);
      server.pause();
      OperationId operation = OperationId.random();
      try {
        assertThatThrownBy(() -> queue.enqueue(new TestCommand(operation, "e1", Action.CREATE)))
            .isInstanceOfSatisfying(
                CommandNotAcknowledgedException.class,
                e -> assertThat(e.operationId()).isEqualTo(operation));
      } finally {
        server.resume();
      }
    }
  }
}
