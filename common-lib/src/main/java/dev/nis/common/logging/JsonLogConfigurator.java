package dev.nis.common.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.Loader;
import dev.nis.common.config.ConfigException;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * A service's logging configuration, in code instead of a {@code logback.xml}: one JSON object per
 * line on stdout (README.md, "Logs"). Each service names its subclass in {@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator}; logback runs such a configurator
 * before it looks for an XML file (its {@code ContextInitializer}).
 *
 * <p>The chain, from the root logger down:
 *
 * <ul>
 *   <li>{@code OTEL}, OpenTelemetry's logback MDC appender: adds the current span's {@code
 *       trace_id}, {@code span_id} and {@code trace_flags} to each event (README.md, "Traces");
 *   <li>{@code ASYNC}, logstash-logback-encoder's {@link LoggingEventAsyncDisruptorAppender} (a
 *       ring of 2,048 events, none discarded: a full ring blocks the caller; 2 s to write out at
 *       stop): the JSON encoder keeps a generator and its buffers (~13 KiB) per thread that logs,
 *       which with a virtual thread per HTTP connection was per connection; one thread of its own
 *       encodes instead. That thread looks for events every {@value #BATCH_INTERVAL_MS} ms (the
 *       disruptor's sleeping wait), writes what came in the meantime and flushes once at the end of
 *       the batch: a caller that logs only publishes to the ring, and wakes no thread. Logback's
 *       {@code AsyncAppender}, which this replaces, woke its thread for each event and wrote each
 *       line with a {@code write} of its own: 17-21 µs of CPU a line against 5-8 µs (bench's {@code
 *       LoggingCost}, the services' per-command lines at 4,000 a second). The cost is that a line
 *       reaches stdout up to {@value #BATCH_INTERVAL_MS} ms after it is logged, and that an idle
 *       service wakes that thread {@code 1000 / BATCH_INTERVAL_MS} times a second. It is registered
 *       with the context, whose stop ({@link JsonConsole#stopLogging()}) then writes out the ring:
 *       {@code OTEL}'s own stop leaves the appenders it wraps running;
 *   <li>{@code STDOUT}, a {@link StdoutAppender} with logstash-logback-encoder's {@link
 *       LogstashEncoder} and the field {@code "service"}.
 * </ul>
 *
 * <p>The root level is {@code LOG_LEVEL} (a system property or an environment variable, as
 * logback's {@code ${LOG_LEVEL:-INFO}} read it; {@link #rootLevel} refuses what is not a level);
 * the libraries that {@link #quietLoggers} names log at WARN and above. logback's {@link
 * LevelChangePropagator} gives {@code java.util.logging} the same levels, so that JUL drops what is
 * below them before {@link JsonConsole}'s bridge builds an event.
 *
 * <p>Why code: logback's XML configurator (Joran) took ~230 ms of the main thread in a profiled
 * start of the students service (of a start of ~2 s), most of it building and walking its model of
 * the file; this configures the same appenders directly. An explicit configuration wins, in
 * logback's own order: with {@code -Dlogback.configurationFile} set, or a {@code logback-test.xml}
 * on the class path (the modules' tests), this configurator steps aside and logback reads that.
 */
public abstract class JsonLogConfigurator extends ContextAwareBase implements Configurator {
  /** The variable (or system property) of the root level. */
  public static final String LEVEL_VARIABLE = "LOG_LEVEL";

  /** How long the appender's thread sleeps when the ring is empty, in milliseconds. */
  public static final int BATCH_INTERVAL_MS = 10;

  private static final Level DEFAULT_LEVEL = Level.INFO;
  private static final List<String> LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL");

  private final String service;
  private final List<String> quietLoggers;

  /**
   * @param service the value of each line's {@code "service"} field
   * @param quietLoggers logger names (library packages) set to WARN
   */
  protected JsonLogConfigurator(String service, List<String> quietLoggers) {
    this.service = service;
    this.quietLoggers = List.copyOf(quietLoggers);
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
        || Loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE, getClass().getClassLoader())
            != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Level level;
    try {
      level = rootLevel(setting());
    } catch (ConfigException e) {
      // ServiceMain refuses the value and exits; until then, the default
      level = DEFAULT_LEVEL;
    }
    apply(context, level);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Configures {@code context} as described above, its root at {@code rootLevel}; the context
   * should have no appenders yet. Tests call it on a context of their own.
   */
  public void apply(LoggerContext context, Level rootLevel) {
    LevelChangePropagator julLevels = new LevelChangePropagator();
    julLevels.setContext(context);
    julLevels.setResetJUL(true);
    julLevels.start();
    context.addListener(julLevels);

    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.setCustomFields("{\"service\":\"" + service + "\"}");
    encoder.start();
    StdoutAppender<ILoggingEvent> stdout = new StdoutAppender<>();
    stdout.setContext(context);
    stdout.setName("STDOUT");
    stdout.setEncoder(encoder);
    stdout.setImmediateFlush(false); // ASYNC flushes it at the end of each batch
    stdout.start();

    LoggingEventAsyncDisruptorAppender async = new LoggingEventAsyncDisruptorAppender();
    async.setContext(context);
    async.setName("ASYNC");
    async.setRingBufferSize(2048);
    // retries 0: no spinning or yielding on two cores, straight to the timed park
    async.setWaitStrategyType(
        "sleeping{0," + TimeUnit.MILLISECONDS.toNanos(BATCH_INTERVAL_MS) + "}");
    async.setAppendTimeout(Duration.buildByMilliseconds(-1));
    async.setShutdownGracePeriod(Duration.buildBySeconds(2));
    // its default would print logback's own warnings as plain text on System.out
    async.setAddDefaultStatusListener(false);
    async.addAppender(stdout);
    async.start();
    context.register(async);

    OpenTelemetryAppender otel = new OpenTelemetryAppender();
    otel.setContext(context);
    otel.setName("OTEL");
    otel.addAppender(async);
    otel.start();

    for (String name : quietLoggers) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    // lettuce's WARN per failed reconnect attempt: RedisOutageLog reports a Redis outage instead,
    // in a few lines (README.md, "Logs")
    context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog").setLevel(Level.ERROR);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel);
    root.addAppender(otel);
  }

  /**
   * The root level {@code value} names (case-insensitive: TRACE, DEBUG, INFO, WARN, ERROR, OFF,
   * ALL); INFO when it is null or blank.
   *
   * @throws ConfigException naming {@code LOG_LEVEL} for anything else (logback's own parsing would
   *     take it as DEBUG)
   */
  public static Level rootLevel(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LEVEL;
    }
    String name = value.strip().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(name)) {
      throw new ConfigException(LEVEL_VARIABLE, "not one of " + LEVELS, value);
    }
    return Level.toLevel(name);
  }

  /** {@code LOG_LEVEL} as set: the system property, else the environment variable. */
  public static String setting() {
    String property = System.getProperty(LEVEL_VARIABLE);
    return property != null ? property : System.getenv(LEVEL_VARIABLE);
  }
}
