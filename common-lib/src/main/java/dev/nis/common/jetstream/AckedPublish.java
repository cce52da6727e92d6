package dev.nis.common.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A JetStream publish that waits for the stream's acknowledgement, as jnats' {@code
 * JetStream.publish} does, without arming a timer for each wait.
 *
 * <p>{@code JetStream.publish} waits for the ack with a timed {@code CompletableFuture.get}. On a
 * virtual thread (every HTTP request here) JDK 25 arms a timer for that park on the scheduler's
 * {@code DelayScheduler} thread and cancels it when the ack comes, and each of the two wakes that
 * thread: 3.4 % of the courses service's CPU under sustained creates (two publishes per accepted
 * command) and 6.1 % under {@code Prefer: wait} creates, and 4.9 % of the students service's, in
 * async-profiler's CPU profiles of 2026-12-07 (bench/analysis.md). Here the request carries its
 * timeout to jnats ({@code Connection.requestWithTimeout}), whose own sweep of outstanding requests
 * (one timer for the connection, every {@link NatsConnector#REQUEST_SWEEP}) ends a request that
 * outlived it, so the caller waits without a timer of its own and still no longer than the timeout
 * and one sweep.
 *
 * <p>The publish options travel as the headers jnats would set from {@code PublishOptions} ({@code
 * Nats-Msg-Id}, {@code Nats-Expected-Stream}, {@code Nats-Expected-Last-Subject-Sequence}: the
 * caller puts them on the message); the server answers a refused expectation with an API error,
 * thrown as {@link JetStreamApiException} as jnats throws it.
 */
final class AckedPublish {
  private AckedPublish() {}

  /**
   * Publishes {@code message} and returns JetStream's acknowledgement: {@link #send}, then {@link
   * #acknowledgement}.
   *
   * @param timeout how long the stream may take to acknowledge (jnats' sweep may add up to {@link
   *     NatsConnector#REQUEST_SWEEP})
   * @throws JetStreamApiException when the stream refused the message (an expectation not met)
   * @throws IOException as {@link #send} and {@link #acknowledgement} do
   */
  static PublishAck publish(Connection connection, Message message, Duration timeout)
      throws IOException, JetStreamApiException {
    return acknowledgement(send(connection, message, timeout), message.getSubject(), timeout);
  }

  /**
   * Publishes {@code message}, not waiting: several sent one after the other are in flight at once.
   *
   * @return the stream's answer, which jnats ends (cancels) once {@code timeout} and its next sweep
   *     have passed without one
   * @throws IOException when the connection is closed, closing, or away (no buffer for a reconnect:
   *     {@link NatsConnector})
   */
  static CompletableFuture<Message> send(Connection connection, Message message, Duration timeout)
      throws IOException {
    try {
      return connection.requestWithTimeout(message, timeout);
    } catch (IllegalStateException e) {
      throw new IOException("publish to " + message.getSubject() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits, without a timer, for the answer to a message {@link #send} published to {@code subject}.
   *
   * @throws JetStreamApiException when the stream refused the message (an expectation not met)
   * @throws IOException when no acknowledgement came in time, no stream takes the subject, the
   *     connection closed, or the wait was interrupted (the interrupt is kept)
   */
  static PublishAck acknowledgement(
      CompletableFuture<Message> sent, String subject, Duration timeout)
      throws IOException, JetStreamApiException {
    Message reply;
    try {
      reply = sent.get();
    } catch (CancellationException e) {
      // jnats cancels a request it timed out or whose connection closes (its message says which),
      // and one that no subscriber took (no stream listens on the subject: no message)
      throw new IOException(
          "no JetStream acknowledgement of a publish to "
              + subject
              + " (timeout "
              + timeout.toMillis()
              + " ms): "
              + (e.getMessage() == null ? "no stream takes the subject" : e.getMessage()),
          e);
    } catch (ExecutionException e) {
      throw new IOException(
          "publish to " + subject + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while publishing to " + subject, e);
    }
    if (reply.isStatusMessage()) {
      throw new IOException(
          "publish to " + subject + " answered " + reply.getStatus().getMessageWithCode());
    }
    return new PublishAck(reply);
  }
}
