package dev.nis.common.runtime;

import dev.nis.common.config.ConfigException;
import dev.nis.common.logging.JsonConsole;
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

  private ServiceMain() {}

  public static <C> void run(String service, Supplier<C> configuration, Starter<C> starter)
      throws InterruptedException {
    JsonConsole.install();
    C config;
    try {
      config = configuration.get();
    } catch (ConfigException e) {
      LoggerFactory.getLogger(ServiceMain.class)
          .error("{}: configuration error: {}", service, e.getMessage());
      JsonConsole.stopLogging();
      System.exit(2);
      return;
    }
    AutoCloseable app;
    try {
      app = starter.start(config);
    } catch (Exception e) {
      LoggerFactory.getLogger(ServiceMain.class).error("{} could not start", service, e);
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
