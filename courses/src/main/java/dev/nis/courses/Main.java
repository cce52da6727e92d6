package dev.nis.courses;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.util.concurrent.CountDownLatch;

/** Starts the courses service; SIGTERM (or Ctrl-C) stops it gracefully. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    CoursesConfig config;
    try {
      config = CoursesConfig.from(Env.system());
    } catch (ConfigException e) {
      System.err.println("courses: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    CoursesApplication app;
    try {
      app = CoursesApplication.start(config);
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(Main.class).error("courses could not start", e);
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
