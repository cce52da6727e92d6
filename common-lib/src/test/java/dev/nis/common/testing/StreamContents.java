package dev.nis.common.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a JetStream stream holds on a subject, in stream order, read by an ephemeral pull consumer:
 * exactly the messages pending for that consumer when it was created (its consumer info), so the
 * read ends when the last of them arrives. Fetching until a fetch comes back empty waits out that
 * fetch's whole expiry, and in a replay of the 32 command streams (one or two expiries of 0.5 s
 * each per stream) that was ~30 s of each kill test's ~50.
 */
public final class StreamContents {
  private static final int FETCH_BATCH = 256;

  private StreamContents() {}

  /**
   * The messages of {@code stream} on {@code subject} (a filter; wildcards allowed) at the moment
   * of the call, each acked.
   *
   * @throws IllegalStateException when they have not all arrived within {@code timeout}
   */
  public static List<Message> read(
      Connection connection, String stream, String subject, Duration timeout)
      throws IOException, JetStreamApiException {
    JetStreamSubscription sub =
        connection
            .jetStream()
            .subscribe(subject, PullSubscribeOptions.builder().stream(stream).build());
    try {
      long pending = sub.getConsumerInfo().getNumPending();
      List<Message> messages = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (messages.size() < pending) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "read %d of the %d messages of %s on %s within %s"
                  .formatted(messages.size(), pending, stream, subject, timeout));
        }
        int batch = (int) Math.min(FETCH_BATCH, pending - messages.size());
        // jnats' fetch returns as soon as the batch is full, so the wait is only a bound
        for (Message message : sub.fetch(batch, Duration.ofNanos(Math.max(left, 1_000_000)))) {
          message.ack();
          messages.add(message);
        }
      }
      return messages;
    } finally {
      sub.unsubscribe();
    }
  }
}
