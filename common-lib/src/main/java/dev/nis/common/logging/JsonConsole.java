package dev.nis.common.logging;

import ch.qos.logback.core.spi.LifeCycle;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.event.Level;

/**
 * Makes everything the process writes one JSON object per line on stdout (README.md, "Logs"), not
 * only what our code logs through SLF4J: the first call of every {@code main} of ours.
 *
 * <ul>
 *   <li>{@code java.util.logging} (grpc-java, protobuf, jnats, the JDK's own {@code System.Logger},
 *       Helidon) goes to SLF4J through jul-to-slf4j's {@link SLF4JBridgeHandler}, in place of JUL's
 *       plain-text console handler. Each {@code logback.xml} declares logback's {@code
 *       LevelChangePropagator}, which sets JUL's levels from logback's, so that a JUL record below
 *       the level is dropped by JUL itself, before the bridge builds an event (jul-to-slf4j's
 *       performance advice).
 *   <li>{@code System.out} and {@code System.err}: each line written to them is logged, by the
 *       logger {@code stdout} at INFO and {@code stderr} at WARN. Logback writes to the process's
 *       standard output through {@link StdoutAppender}, beneath these streams ({@link
 *       #standardOutput()}), so that its own output does not come back to it.
 *   <li>A thread's uncaught exception, which the JVM would print as a plain stack trace on stderr,
 *       is logged at ERROR by the logger {@code uncaught}, its stack trace in the event's {@code
 *       stack_trace} field.
 * </ul>
 *
 * <p>What the JVM writes itself, outside Java, stays as it is: its start-up warnings (the images'
 * and the launchers' flags keep them away), "Picked up JAVA_TOOL_OPTIONS", a thread dump on
 * SIGQUIT, a fatal error report.
 */
public final class JsonConsole {
  private static boolean installed;

  /** {@code System.out} as the JVM made it, once {@link #install()} replaced it. */
  private static volatile PrintStream standardOutput;

  private JsonConsole() {}

  /**
   * Where the log's own lines go ({@link StdoutAppender}): the process's standard output as it was
   * before {@link #install()}, or {@code System.out} while nothing replaced it.
   */
  public static PrintStream standardOutput() {
    PrintStream original = standardOutput;
    return original != null ? original : System.out;
  }

  /** Installs all of the above once; later calls do nothing. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    // Logback first: its configuration sets JUL's levels, and any message of its own about the
    // configuration goes out before System.out is a logger.
    LoggerFactory.getILoggerFactory();
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Logger uncaught = LoggerFactory.getLogger("uncaught");
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) ->
            uncaught.error("uncaught exception in thread {}", thread.getName(), error));
    // the original first: from the moment System.out logs, the appender must write beneath it
    standardOutput = System.out;
    System.setOut(logging(LoggerFactory.getLogger("stdout"), Level.INFO, System.out));
    System.setErr(logging(LoggerFactory.getLogger("stderr"), Level.WARN, System.err));
  }

  /**
   * Stops the logging system, which first writes out every line its asynchronous appender still
   * holds: the services' configuration ({@link JsonLogConfigurator}) encodes on a daemon thread of
   * its own, in batches every few milliseconds, so lines still queued when the JVM exits would be
   * lost; it registers that appender with the logger context, whose stop this is. Call it last,
   * before the process exits: what is logged afterwards is dropped.
   */
  public static void stopLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LifeCycle logging) {
      logging.stop();
    }
  }

  private static PrintStream logging(Logger logger, Level level, PrintStream original) {
    return new PrintStream(
        new LineLoggingStream(logger, level, original), true, StandardCharsets.UTF_8);
  }
}
