package dev.nis.initializer;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a connection to NATS once JetStream answers on it, retrying with a growing pause for at
 * most the configured wait: in compose or Kubernetes the job may start before NATS does.
 */
public final class WaitingNatsConnector {
  private static final Logger log = LoggerFactory.getLogger(WaitingNatsConnector.class);

  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);
  private static final Duration SHORTEST_ATTEMPT = Duration.ofMillis(500);

  private final String url;
  private final Duration wait;

  public WaitingNatsConnector(String url, Duration wait) {
    this.url = url;
    this.wait = wait;
  }

  /**
   * @return a connection on which the JetStream API answers; the caller closes it
   * @throws NatsUnavailableException when that did not happen within the wait
   */
  public Connection connect() throws NatsUnavailableException, InterruptedException {
    Instant deadline = Instant.now().plus(wait);
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      Exception failure;
      try {
        return attempt(remaining(deadline));
      } catch (IOException | JetStreamApiException e) {
        failure = e;
      }
      Duration left = remaining(deadline);
      if (left.isZero()) {
        throw new NatsUnavailableException(
            "NATS with JetStream at "
                + url
                + " did not answer within "
                + wait
                + " ("
                + attempt
                + " attempts): "
                + failure.getMessage(),
            failure);
      }
      log.warn(
          "NATS with JetStream at {} not answering yet (attempt {}): {}",
          v("nats_url", url),
          v("attempt", attempt),
          v("error", String.valueOf(failure.getMessage())));
      Thread.sleep(min(pause, left).toMillis());
      pause = min(pause.multipliedBy(2), LONGEST_PAUSE);
    }
  }

  private Connection attempt(Duration left)
      throws IOException, JetStreamApiException, InterruptedException {
    Options options =
        new Options.Builder()
            .server(url)
            .connectionName("nis-initializer")
            .connectionTimeout(max(min(left, ATTEMPT_TIMEOUT), SHORTEST_ATTEMPT))
            .noReconnect()
            .errorListener(new LoggingErrorListener())
            .build();
    Connection connection = Nats.connect(options);
    try {
      connection.jetStreamManagement().getAccountStatistics();
      return connection;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * jnats' asynchronous errors at levels of ours, rather than its default listener's SEVERE
   * (through java.util.logging): exceptions are at debug, since without reconnects each one also
   * fails the attempt or request that is reported.
   */
  private static final class LoggingErrorListener implements ErrorListener {
    @Override
    public void errorOccurred(Connection connection, String error) {
      log.warn("NATS error: {}", v("error", error));
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exception) {
      log.debug("NATS connection exception: {}", v("error", String.valueOf(exception)));
    }
  }
}
