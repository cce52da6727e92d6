package dev.nis.students;

import dev.nis.common.config.Env;
import dev.nis.common.runtime.ServiceMain;

/** Starts the students service; SIGTERM (or Ctrl-C) stops it gracefully. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        "students", () -> StudentsConfig.from(Env.system()), StudentsApplication::start);
  }
}
