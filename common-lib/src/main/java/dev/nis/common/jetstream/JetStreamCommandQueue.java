package dev.nis.common.jetstream;

import dev.nis.common.application.CommandNotAcknowledgedException;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.CommandQueue;
import dev.nis.common.domain.Command;
import dev.nis.common.tracing.Tracing;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Publishes a service's commands to their partition's stream and waits for JetStream's ack; the
 * publish names the stream it expects, so that a command never lands in a stream of another layout.
 * The operation id is the Nats-Msg-Id, so a re-publish inside the duplicate window is dropped by
 * the server; the request id travels in the {@code X-Request-ID} header, the trace context in
 * {@code traceparent} (a producer span per publish: {@link MessageTracing}).
 *
 * @param <C> the service's command type
 */
public final class JetStreamCommandQueue<C extends Command<?>> implements CommandQueue<C> {
  /**
   * The header that marks a reissued command ({@link CommandQueue#reissue}, {@link
   * dev.nis.common.application.Delivery#reissue}); its value is {@code true}.
   */
  public static final String REISSUE_HEADER = "Nis-Reissue";

  private static final Logger log = LoggerFactory.getLogger(JetStreamCommandQueue.class);

  private final Connection connection;
  private final Duration timeout;
  private final String streamName;
  private final Function<C, String> streamOf;
  private final Function<C, String> subjectOf;
  private final Function<C, byte[]> encoder;
  private final Tracing tracing;

  /**
   * @param streamName the name of the command streams in trace spans ({@link
   *     JetStreamContract#commandsStreamPrefix})
   * @param streamOf the stream of a command: its entity's partition's
   * @param subjectOf the subject of a command: its entity's partition, so that one entity's
   *     commands stay in order
   * @param timeout how long to wait for JetStream to store a command ({@code PUBLISH_TIMEOUT})
   */
  public JetStreamCommandQueue(
      Connection connection,
      String streamName,
      Function<C, String> streamOf,
      Function<C, String> subjectOf,
      Function<C, byte[]> encoder,
      Duration timeout)
      throws IOException {
    this(connection, streamName, streamOf, subjectOf, encoder, timeout, Tracing.off());
  }

  /** As above, each publish a producer span whose context the message carries. */
  public JetStreamCommandQueue(
      Connection connection,
      String streamName,
      Function<C, String> streamOf,
      Function<C, String> subjectOf,
      Function<C, byte[]> encoder,
      Duration timeout,
      Tracing tracing)
      throws IOException {
    this.connection = connection;
    this.timeout = timeout;
    this.streamName = streamName;
    this.streamOf = streamOf;
    this.subjectOf = subjectOf;
    this.encoder = encoder;
    this.tracing = tracing;
  }

  @Override
  public void enqueue(C command) {
    publish(command, false);
  }

  @Override
  public void reissue(C command) {
    publish(command, true);
  }

  private void publish(C command, boolean reissue) {
    Headers headers = new Headers();
    String requestId = MDC.get("request_id");
    if (requestId != null) {
      headers.put(MessageDisposition.REQUEST_ID_HEADER, requestId);
    }
    String subject = subjectOf.apply(command);
    String messageId = command.operationId().toString();
    Span span = MessageTracing.publish(tracing, streamName, subject, messageId, headers);
    headers.put(NatsJetStreamConstants.MSG_ID_HDR, messageId);
    headers.put(NatsJetStreamConstants.EXPECTED_STREAM_HDR, streamOf.apply(command));
    if (reissue) {
      headers.put(REISSUE_HEADER, "true");
    }
    NatsMessage message =
        NatsMessage.builder()
            .subject(subject)
            .headers(headers)
            .data(encoder.apply(command))
            .build();
    try {
      publishOnce(message);
    } catch (NotAcknowledged e) {
      span.setStatus(StatusCode.ERROR, "not acknowledged");
      throw new CommandNotAcknowledgedException(command.operationId(), e.getCause());
    } catch (IOException | JetStreamApiException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw new DependencyUnavailableException("nats", e);
    } finally {
      span.end();
    }
  }

  /**
   * Publishes the command and learns whether JetStream stored it. A publish sent whose
   * acknowledgement did not come in time may still have been stored (a server that stalled, then
   * went on: found by a fresh helper, 8 of 34 such 503s were applied, and a client's retry without
   * an {@code Idempotency-Key} made them twice), so it is sent once more with the same {@code
   * Nats-Msg-Id} (once, so that a request waits at most about twice {@code PUBLISH_TIMEOUT} and the
   * NATS client's sweeps before its 503): JetStream acknowledges a stored one as a duplicate
   * (within its 2-minute window) and stores a lost one now, once either way. When no attempt is
   * acknowledged the command may still be stored: {@link CommandNotAcknowledgedException}, whose
   * 503 names the operation.
   */
  private void publishOnce(NatsMessage message)
      throws IOException, JetStreamApiException, NotAcknowledged {
    CompletableFuture<Message> sent = AckedPublish.send(connection, message, timeout);
    try {
      AckedPublish.acknowledgement(sent, message.getSubject(), timeout);
      return;
    } catch (IOException noAcknowledgement) {
      try {
        AckedPublish.publish(connection, message, timeout);
        log.info(
            "a command published to {} was acknowledged when sent again", message.getSubject());
      } catch (IOException again) {
        noAcknowledgement.addSuppressed(again);
        throw new NotAcknowledged(noAcknowledgement);
      }
    }
  }

  /** Sent, and no attempt acknowledged: stored or not, no one knows. */
  private static final class NotAcknowledged extends Exception {
    NotAcknowledged(IOException cause) {
      super(cause);
    }
  }
}
