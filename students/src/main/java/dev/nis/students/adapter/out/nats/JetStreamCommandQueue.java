package dev.nis.students.adapter.out.nats;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.SerialConsumer;
import dev.nis.students.application.port.CommandQueue;
import dev.nis.students.domain.StudentCommand;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.MDC;

/**
 * Publishes student commands to the command stream and waits for JetStream's ack. The operation id
 * is the Nats-Msg-Id, so a re-publish inside the duplicate window is dropped by the server.
 */
public final class JetStreamCommandQueue implements CommandQueue {
  private final JetStream jetStream;
  private final JetStreamContract contract;

  public JetStreamCommandQueue(Connection connection, JetStreamContract contract, Duration timeout)
      throws IOException {
    this.jetStream =
        connection.jetStream(JetStreamOptions.builder().requestTimeout(timeout).build());
    this.contract = contract;
  }

  @Override
  public void enqueue(StudentCommand command) {
    Headers headers = new Headers();
    String requestId = MDC.get("request_id");
    if (requestId != null) {
      headers.put(SerialConsumer.REQUEST_ID_HEADER, requestId);
    }
    NatsMessage message =
        NatsMessage.builder()
            .subject(contract.studentCommandsSubject())
            .headers(headers)
            .data(StudentCommandCodec.encode(command))
            .build();
    PublishOptions options =
        PublishOptions.builder()
            .messageId(command.operationId().toString())
            .expectedStream(contract.studentCommandsStream())
            .build();
    try {
      jetStream.publish(message, options);
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      throw new DependencyUnavailableException("nats", e);
    }
  }
}
