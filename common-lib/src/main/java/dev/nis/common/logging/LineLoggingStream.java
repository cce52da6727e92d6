package dev.nis.common.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The bytes written to it, as one log event per line: each {@code \n} ends a line (a {@code \r}
 * before it is dropped), which is decoded as UTF-8 and logged at a fixed level; blank lines carry
 * nothing and are dropped. A line longer than {@link #MAX_LINE} bytes is logged in pieces of that
 * size, so that a writer that never ends its line cannot grow the buffer without bound. A part line
 * waits for its end: {@code flush} does not cut it.
 *
 * <p>A line written while this thread is already logging one (logback reporting a failure of its
 * own on {@code System.out}) goes to {@code fallback} as it is, not to the logger again: that would
 * not end.
 *
 * <p>Why not a library: the one kept up, log4j-iostreams, would bring the Log4j API and its SLF4J
 * bridge into every image for a line splitter.
 */
final class LineLoggingStream extends OutputStream {
  static final int MAX_LINE = 64 * 1024;

  private static final ThreadLocal<Boolean> LOGGING = ThreadLocal.withInitial(() -> false);

  private final Logger logger;
  private final Level level;
  private final OutputStream fallback;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  /**
   * @param logger where each line goes ({@code stdout}, {@code stderr})
   * @param level the level of every line
   * @param fallback where a line goes that is written while logging (the original stream)
   */
  LineLoggingStream(Logger logger, Level level, OutputStream fallback) {
    this.logger = logger;
    this.level = level;
    this.fallback = fallback;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (b == '\n') {
      endLine();
    } else {
      line.write(b);
      if (line.size() >= MAX_LINE) {
        endLine();
      }
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        line.write(bytes, start, i - start);
        start = i + 1;
        endLine();
      } else if (line.size() + (i + 1 - start) >= MAX_LINE) {
        line.write(bytes, start, i + 1 - start);
        start = i + 1;
        endLine();
      }
    }
    line.write(bytes, start, end - start);
  }

  /** Logs what is left of a line that has not ended. */
  @Override
  public synchronized void close() throws IOException {
    if (line.size() > 0) {
      endLine();
    }
  }

  private void endLine() throws IOException {
    byte[] bytes = line.toByteArray();
    line.reset();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return;
    }
    if (LOGGING.get()) {
      fallback.write(bytes, 0, length);
      fallback.write('\n');
      fallback.flush();
      return;
    }
    LOGGING.set(true);
    try {
      logger.atLevel(level).log(text);
    } finally {
      LOGGING.set(false);
    }
  }
}
