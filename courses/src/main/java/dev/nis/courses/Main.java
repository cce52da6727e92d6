package dev.nis.courses;

import dev.nis.common.config.Env;
import dev.nis.common.runtime.ServiceMain;

/** Starts the courses service; SIGTERM (or Ctrl-C) stops it gracefully. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run("courses", () -> CoursesConfig.from(Env.system()), CoursesApplication::start);
  }
}
