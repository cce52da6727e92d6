package dev.nis.students;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.util.concurrent.CountDownLatch;

/** Starts the students service; SIGTERM (or Ctrl-C) stops it gracefully. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    StudentsConfig config;
    try {
      config = StudentsConfig.from(Env.system());
    } catch (ConfigException e) {
      System.err.println("students: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    StudentsApplication app;
    try {
      app = StudentsApplication.start(config);
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(Main.class).error("students could not start", e);
      System.exit(1);
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  done.countDown();
                },
                "shutdown"));
    done.await();
  }
}
