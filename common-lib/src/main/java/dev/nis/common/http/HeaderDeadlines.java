package dev.nis.common.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header-read timeout ({@link HttpLimits#headerTimeout}): a request whose header block is not
 * complete within the timeout of its request line is answered {@code 408} (problem details) and its
 * connection closed.
 *
 * <p>Ours because Helidon 4.5 has none: its idle-connection timeout closes only connections waiting
 * for a request line (a thread blocked reading headers is not interrupted), and its socket read
 * timeout is not applied to server connections. Helidon tells a listener when a request line and
 * when a header block are read; a sweep every fraction of the timeout closes the late ones.
 */
final class HeaderDeadlines implements Http1ConnectionListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeaderDeadlines.class);

  private final long timeoutNanos;
  private final JsonCodec json;
  private final RefusedRequests refused;
  private final Map<ConnectionContext, Pending> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("http-header-deadlines").factory());

  /** One request between its request line and the end of its header block. */
  private static final class Pending {
    final long deadline;
    final String target;
    final AtomicBoolean settled = new AtomicBoolean();

    Pending(long deadline, String target) {
      this.deadline = deadline;
      this.target = target;
    }
  }

  HeaderDeadlines(Duration timeout, JsonCodec json, RefusedRequests refused) {
    this.timeoutNanos = timeout.toNanos();
    this.json = json;
    this.refused = refused;
    long period = Math.clamp(timeout.toMillis() / 4, 20, 1000);
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
    pending.put(ctx, new Pending(System.nanoTime() + timeoutNanos, prologue.uriPath().rawPath()));
  }

  @Override
  public void headers(ConnectionContext ctx, Headers headers) {
    Pending request = pending.remove(ctx);
    if (request != null && !request.settled.compareAndSet(false, true)) {
      // the sweep answered 408 as the block completed: that answer stands
      throw new CloseConnectionException("the header block came after its deadline");
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    pending.forEach(
        (ctx, request) -> {
          if (now - request.deadline > 0) {
            pending.remove(ctx, request);
            if (request.settled.compareAndSet(false, true)) {
              timeOut(ctx, request);
            }
          }
        });
  }

  /**
   * Written from the sweeper's thread while the connection's own thread waits for header bytes, so
   * nothing else writes to the socket; closing the socket then ends that wait.
   */
  private void timeOut(ConnectionContext ctx, Pending request) {
    refused.count(408);
    try {
      if (ctx.serverSocket().isConnected()) {
        ctx.dataWriter().writeNow(BufferData.create(answer(request)));
      }
    } catch (RuntimeException e) {
      log.debug("could not answer 408 on a connection that went away", e);
    }
    try {
      ctx.serverSocket().close();
    } catch (RuntimeException e) {
      log.debug("closing a timed-out connection failed", e);
    }
    log.debug("closed a connection whose header block took over {} ms", timeoutNanos / 1_000_000);
  }

  private byte[] answer(Pending request) {
    Problem problem =
        Problem.of(
            408,
            "the request's header block was not complete within "
                + Duration.ofNanos(timeoutNanos).toMillis()
                + " ms");
    if (request.target.startsWith("/")) {
      problem = problem.withInstance(request.target);
    }
    byte[] body = json.write(problem.members());
    String head =
        "HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: "
            + Response.PROBLEM_JSON
            + "\r\n"
            + RequestId.HEADER
            + ": "
            + UUID.randomUUID()
            + "\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    var bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(body);
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
