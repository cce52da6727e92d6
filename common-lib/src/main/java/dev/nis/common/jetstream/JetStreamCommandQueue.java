package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.CommandQueue;
import dev.nis.common.domain.Command;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Publishes a service's commands to its command stream and waits for JetStream's ack. The operation
 * id is the Nats-Msg-Id, so a re-publish inside the duplicate window is dropped by the server; the
 * request id travels in the {@code X-Request-ID} header.
 *
 * @param <C> the service's command type
 */
public final class JetStreamCommandQueue<C extends Command<?>> implements CommandQueue<C> {
  private final JetStream jetStream;
  private final String stream;
  private final Function<C, String> subjectOf;
  private final Function<C, byte[]> encoder;

  /**
   * @param subjectOf the subject of a command: its entity's partition, so that one entity's
   *     commands stay in order
   * @param timeout how long to wait for JetStream to store a command ({@code PUBLISH_TIMEOUT})
   */
  public JetStreamCommandQueue(
      Connection connection,
      String stream,
      Function<C, String> subjectOf,
      Function<C, byte[]> encoder,
      Duration timeout)
      throws IOException {
    this.jetStream =
        connection.jetStream(JetStreamOptions.builder().requestTimeout(timeout).build());
    this.stream = stream;
    this.subjectOf = subjectOf;
    this.encoder = encoder;
  }

  @Override
  public void enqueue(C command) {
    Headers headers = new Headers();
    String requestId = MDC.get("request_id");
    if (requestId != null) {
      headers.put(MessageDisposition.REQUEST_ID_HEADER, requestId);
    }
    NatsMessage message =
        NatsMessage.builder()
            .subject(subjectOf.apply(command))
            .headers(headers)
            .data(encoder.apply(command))
            .build();
    PublishOptions options =
        PublishOptions.builder()
            .messageId(command.operationId().toString())
            .expectedStream(stream)
            .build();
    try {
      jetStream.publish(message, options);
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      throw new DependencyUnavailableException("nats", e);
    }
  }
}
