package dev.nis.common.runtime;

import dev.nis.common.config.ConfigException;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.logging.JsonConsole;
import dev.nis.common.logging.JsonLogConfigurator;
import io.nats.client.JetStreamApiException;
import java.net.BindException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The one {@code main} of both services: make every output of the process a JSON log line ({@link
 * JsonConsole}), read the configuration (a bad value exits 2, logged with the variable's name),
 * start (a failure exits 1, logged), then wait; SIGTERM or Ctrl-C runs the one shutdown hook, which
 * closes the service gracefully. Before each exit the log's queued lines are written out ({@link
 * JsonConsole#stopLogging()}).
 */
public final class ServiceMain {
  /** Starts a service from its configuration; what it returns is closed on SIGTERM. */
  @FunctionalInterface
  public interface Starter<C> {
    AutoCloseable start(C config) throws Exception;
  }

  /**
   * Settings of libraries that the services fix, as system properties set before the libraries read
   * them (a {@code -D} of the same name wins). Both take work off the start, measured in alternated
   * starts of the students service (8 each): ~100 ms to ready and ~200 ms of CPU less.
   *
   * <ul>
   *   <li>{@code slf4j.provider}: SLF4J (2.0.9 and later) binds the named provider instead of
   *       listing every {@code META-INF/services} entry of the class path's jars for one (~90 ms of
   *       the main thread, profiled); {@code slf4j.internal.verbosity=WARN} keeps SLF4J from saying
   *       so on stderr in plain text.
   *   <li>{@code io.lettuce.core.jfr=false}: lettuce does not turn its events (connects,
   *       reconnects) into JDK Flight Recorder events; finding their JFR classes by reflection took
   *       ~85 ms of the first Redis connect. Set it to {@code true} to have them in a recording.
   * </ul>
   */
  private static final Map<String, String> LIBRARY_SETTINGS =
      Map.of(
          "slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider",
          "slf4j.internal.verbosity", "WARN",
          "io.lettuce.core.jfr", "false");

  private ServiceMain() {}

  /**
   * JetStream's API error codes of a stream (a key-value bucket is one too) and of a consumer that
   * is not there.
   */
  private static final Set<Integer> NOT_FOUND = Set.of(10059, 10014);

  /**
   * What to do about a start-up that failed for a reason an operator meets first: a stream or
   * bucket that is not there (the services do not create them, the initializer does) or a port in
   * use. A bare "stream not found [10059]" or "Address already in use" said neither what to run nor
   * which setting (found by a fresh helper). Empty for any other failure.
   */
  static String startFailureHint(String service, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JetStreamApiException api && NOT_FOUND.contains(api.getApiErrorCode())) {
        return ": a JetStream stream or bucket of its namespace ("
            + JetStreamContract.NAMESPACE_VARIABLE
            + ") is missing; run the initializer first ("
            + api.getMessage()
            + ")";
      }
      if (cause instanceof BindException taken) {
        String prefix = service.toUpperCase(Locale.ROOT);
        return ": a port it listens on is in use ("
            + taken.getMessage()
            + "); choose another with "
            + prefix
            + "_HTTP_PORT or "
            + prefix
            + "_GRPC_PORT";
      }
    }
    return "";
  }

  /** Logs a setting start-up cannot use, writes out the log's queue, and exits 2. */
  private static void exitOnConfigurationError(String service, String problem) {
    LoggerFactory.getLogger(ServiceMain.class)
        .error("{}: configuration error: {}", service, problem);
    JsonConsole.stopLogging();
    System.exit(2);
  }

  public static <C> void run(String service, Supplier<C> configuration, Starter<C> starter)
      throws InterruptedException {
    LIBRARY_SETTINGS.forEach(
        (property, value) -> {
          if (System.getProperty(property) == null) {
            System.setProperty(property, value);
          }
        });
    JsonConsole.install();
    C config;
    try {
      JsonLogConfigurator.rootLevel(JsonLogConfigurator.setting());
      config = configuration.get();
    } catch (RuntimeException e) {
      // a check that throws something else than ConfigException (which names the variable) ended
      // the main thread with nothing written (the log's queue was never drained), exit 1
      exitOnConfigurationError(
          service, e instanceof ConfigException ? e.getMessage() : e.toString());
      return;
    }
    AutoCloseable app;
    try {
      app = starter.start(config);
    } catch (ConfigException e) {
      // a setting read as the service starts (the tracing SDK's OTEL_* variables): a configuration
      // error like the others, not a failure to start (found by a fresh helper: exit 1)
      exitOnConfigurationError(service, e.getMessage());
      return;
    } catch (Exception e) {
      LoggerFactory.getLogger(ServiceMain.class)
          .error("{} could not start{}", service, startFailureHint(service, e), e);
      JsonConsole.stopLogging();
      System.exit(1);
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    app.close();
                  } catch (Exception e) {
                    LoggerFactory.getLogger(ServiceMain.class).warn("{} stop failed", service, e);
                  }
                  JsonConsole.stopLogging();
                  done.countDown();
                },
                "shutdown"));
    done.await();
  }
}
