package dev.nis.common.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of Server-Sent Events as the W3C grammar has them (HTML Living Standard, "Server-sent
 * events", the {@code text/event-stream} format), in the layout Helidon's SSE sink writes: {@code
 * id:}, {@code event:}, {@code data:} lines without a space after the colon, a blank line ending
 * the event; a comment is a line starting with a colon (here a colon and a space).
 *
 * <p>Ours rather than Helidon's {@code SseSink} because that sink flushes the connection after
 * every event: a replica serving hundreds of streams then makes one socket write (and the client
 * one read) per event per stream. {@link SseEventStream} writes these frames into the response's
 * buffered stream and flushes once per batch. Every value written here is a single line (types,
 * cursors and compact JSON have no line break), which the grammar requires of a field.
 */
final class SseFrames {
  private SseFrames() {}

  /**
   * An event: its type, its id (the resume cursor; null for none) and its data (one line of JSON).
   */
  static byte[] event(String type, String id, byte[] data) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(data.length + 96);
    if (id != null) {
      field(frame, "id:", id);
    }
    field(frame, "event:", type);
    frame.writeBytes("data:".getBytes(StandardCharsets.US_ASCII));
    frame.writeBytes(data);
    frame.write('\n');
    frame.write('\n');
    return frame.toByteArray();
  }

  /** A comment (a heartbeat, the stream's opening line): ignored by clients, seen by proxies. */
  static byte[] comment(String text) {
    return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A stream's first lines: a comment, so that the client and every proxy see at once that the
   * stream is open, and {@code retry:}, how long a client's EventSource waits before reconnecting.
   */
  static byte[] opening(String text, long retryMillis) {
    return (": " + text + "\nretry:" + retryMillis + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void field(ByteArrayOutputStream frame, String name, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(name + " value spans lines: " + value);
    }
    frame.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    frame.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    frame.write('\n');
  }
}
