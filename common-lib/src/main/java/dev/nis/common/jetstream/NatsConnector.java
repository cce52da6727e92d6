package dev.nis.common.jetstream;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the NATS connection a service keeps for its lifetime: it reconnects forever, so that a NATS
 * outage ends by itself when the server returns. Given a cluster's servers ({@code NATS_URL} with
 * several comma-separated URLs, which jnats' {@code Options.Builder.server} splits), it connects to
 * any that answers (in random order, so that replicas spread over the servers) and, when its server
 * goes away, reconnects to another of them or of those the cluster announced. Nothing is buffered
 * while disconnected ({@code reconnectBufferSize(0)}): a publish then fails at once, and the caller
 * answers 503 rather than report accepted what no server stored.
 */
public final class NatsConnector {
  private static final Logger log = LoggerFactory.getLogger(NatsConnector.class);

  /**
   * How often jnats ends the requests that outlived their timeout (its {@code
   * requestCleanupInterval}; 5 s by default): {@link AckedPublish} waits for a publish's ack
   * without a timer and relies on this sweep for its bound, so a publish gets no ack for at most
   * its timeout and one sweep. jnats also takes it as the default timeout of a request made without
   * one (none here) and as how long a publish waits for its outgoing queue's lock (95 % of it when
   * the queue is full).
   */
  static final Duration REQUEST_SWEEP = Duration.ofSeconds(1);

  private NatsConnector() {}

  /**
   * @param url one NATS URL, or several comma-separated (a cluster's servers)
   * @throws IOException when no server answered at all
   */
  public static Connection connect(String url, String connectionName) throws IOException {
    NatsOutageLog outage = new NatsOutageLog();
    Options options =
        Options.builder()
            .server(url)
            .connectionName(connectionName)
            .connectionTimeout(Duration.ofSeconds(2))
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(250))
            .reconnectBufferSize(0)
            .requestCleanupInterval(REQUEST_SWEEP)
            // jnats' writer thread writes each batch straight to the socket, whose stream buffers
            // nothing, so a request's forced flush only takes the writer's lock to flush nothing,
            // and under load each JetStream publish waited there for the writer. Without it, 64
            // threads publishing with ack ran 12-33 % faster at 7-20 % less client CPU per publish
            // (three alternated pairs on this project's 2-core machine; bench/analysis.md,
            // "Requests without jnats' forced flush")
            .dontForceFlushOnRequest()
            .connectionListener((connection, event) -> onEvent(outage, event))
            .errorListener(new NatsErrorLog(outage))
            .build();
    try {
      return Nats.connect(options);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to NATS at " + url, e);
    }
  }

  private static void onEvent(NatsOutageLog outage, ConnectionListener.Events event) {
    switch (event) {
      case DISCONNECTED -> outage.disconnected();
      case RECONNECTED, CONNECTED -> outage.connected(event.getEvent());
      // with reconnects unbounded, only the service's own close (its stop) closes the connection
      case CLOSED -> log.info("NATS connection {}", event.getEvent());
      default -> log.debug("NATS connection {}", event.getEvent());
    }
  }
}
