package dev.nis.common.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call that grpc-java's netty transport refuses for what the client sent, in the service's log as
 * one DEBUG line without a stack trace, as the HTTP edge logs a client's mistake. The transport
 * refuses such a call itself, before any interceptor or service sees it: a message over the 4 MiB
 * limit (RESOURCE_EXHAUSTED), metadata over 8 KiB (HTTP 431), a malformed {@code grpc-timeout} (the
 * stream reset), a request without {@code te: trailers}. It logs each through {@code
 * java.util.logging} as a WARNING with the stack of its own frames: lines any client can make at
 * will, which would bury the warnings that matter.
 *
 * <p>A {@code java.util.logging} filter on the transport's two loggers takes those records, told by
 * the messages grpc-java (1.68) logs them with; every other record of those loggers passes as it
 * is. {@code "Exception in onDataRead()"} passes too: it is logged for a failure while a message is
 * handed on, which the service's own code can cause.
 */
final class TransportRefusalLog {
  private static final Logger log = LoggerFactory.getLogger(TransportRefusalLog.class);

  /** grpc-netty-shaded's logger names; the unshaded grpc-netty's as well, should it be used. */
  static final List<String> TRANSPORT_LOGGERS =
      List.of(
          "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler",
          "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream",
          "io.grpc.netty.NettyServerHandler",
          "io.grpc.netty.NettyServerStream");

  /**
   * The messages of the records logged here instead: a message that failed to deframe (too large,
   * or compressed in a way it cannot be read), an HTTP/2 stream error (headers over the limit,
   * headers that failed to convert such as a malformed {@code grpc-timeout}, a frame out of place).
   */
  private static final Set<String> CLIENT_MISTAKES =
      Set.of("Exception processing message", "Stream Error");

  /**
   * Headers that failed to convert: the transport then raises a stream error with the same cause,
   * which is logged, so this record is dropped.
   */
  private static final String HEADERS_UNREADABLE = "Exception in onHeadersRead()";

  /** Logged once per connection whose requests lack {@code te: trailers}. */
  private static final String TE_MISSING = "Expected header TE:";

  /** The most of a cause's text put in a line: it may quote what the client sent. */
  static final int MAX_REASON = 200;

  /**
   * The filtered loggers, held here: {@code java.util.logging} keeps its loggers weakly, and a
   * logger collected and made anew would have lost its filter.
   */
  private static final List<java.util.logging.Logger> FILTERED = new ArrayList<>();

  private TransportRefusalLog() {}

  /** Installs the filter once per process; later calls do nothing. */
  static synchronized void install() {
    if (!FILTERED.isEmpty()) {
      return;
    }
    for (String name : TRANSPORT_LOGGERS) {
      java.util.logging.Logger transport = java.util.logging.Logger.getLogger(name);
      transport.setFilter(TransportRefusalLog::passes);
      FILTERED.add(transport);
    }
  }

  /**
   * Whether a record of the transport's goes on as it is; a client's mistake is logged here instead
   * and does not.
   */
  static boolean passes(LogRecord record) {
    String message = record.getMessage();
    if (record.getLevel() != Level.WARNING || message == null) {
      return true;
    }
    if (message.equals(HEADERS_UNREADABLE)) {
      return false;
    }
    if (message.startsWith(TE_MISSING)) {
      log.debug("gRPC request without te: trailers (a proxy that drops trailers?): {}", message);
      return false;
    }
    if (!CLIENT_MISTAKES.contains(message)) {
      return true;
    }
    log.debug("gRPC call refused by the transport: {}", reason(record.getThrown()));
    return false;
  }

  /** The cause's class and text, cut to {@link #MAX_REASON} characters. */
  static String reason(Throwable thrown) {
    if (thrown == null) {
      return "(no cause given)";
    }
    Throwable root = thrown;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + ": " + root.getMessage();
    if (text.length() <= MAX_REASON) {
      return text;
    }
    int end = Character.isLowSurrogate(text.charAt(MAX_REASON)) ? MAX_REASON - 1 : MAX_REASON;
    return text.substring(0, end) + "…"; // not half a surrogate pair: the line stays I-JSON
  }
}
