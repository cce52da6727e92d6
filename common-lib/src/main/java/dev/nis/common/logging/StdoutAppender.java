package dev.nis.common.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.OutputStream;

/**
 * Logback's console appender for processes whose {@code System.out} is a logger ({@link
 * JsonConsole}): it writes each event's bytes, as the encoder made them (one JSON object and its
 * newline), to the standard output as it was before {@link JsonConsole#install()} replaced it, or
 * to {@code System.out} where nothing replaced it (a test JVM, whose {@code System.out} the test
 * runner captures).
 *
 * <p>Why not logback's {@code ConsoleAppender}: its target ({@code ConsoleTarget.SystemOut}) looks
 * up {@code System.out} at every write; once that is a stream that logs each line, the appender
 * would log its own output again, without end. The target here is looked up at every write as well,
 * so the order in which logback and {@link JsonConsole} start does not matter. Closing the appender
 * (logback stopping or reconfiguring) leaves the standard output open.
 *
 * <p>Lines pass through a buffer of {@value #BUFFER_BYTES} bytes. With logback's default {@code
 * immediateFlush} (true) each event is flushed, one {@code write} per line, as {@code
 * ConsoleAppender} does. Behind an appender that flushes at the end of each batch it hands over
 * (logstash-logback-encoder's {@code LoggingEventAsyncDisruptorAppender}, as {@link
 * JsonLogConfigurator} sets it up), {@code immediateFlush} false makes that one {@code write} per
 * batch.
 *
 * <p>In {@code logback.xml}: {@code <appender name="STDOUT"
 * class="dev.nis.common.logging.StdoutAppender">} with an encoder, as for {@code ConsoleAppender}.
 *
 * @param <E> the event type ({@code ILoggingEvent} with logback-classic)
 */
public class StdoutAppender<E> extends OutputStreamAppender<E> {
  /** The size of the buffer in front of the standard output, in bytes. */
  public static final int BUFFER_BYTES = 16 * 1024;

  @Override
  public void start() {
    setOutputStream(new BufferedOutputStream(new StandardOutput(), BUFFER_BYTES));
    super.start();
  }

  /** {@link JsonConsole#standardOutput()} at each call; {@link #close()} leaves it open. */
  private static final class StandardOutput extends OutputStream {
    @Override
    public void write(int b) {
      JsonConsole.standardOutput().write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      JsonConsole.standardOutput().write(bytes, offset, length);
    }

    @Override
    public void flush() {
      JsonConsole.standardOutput().flush();
    }

    @Override
    public void close() {
      // the process's standard output outlives every appender
    }
  }
}
