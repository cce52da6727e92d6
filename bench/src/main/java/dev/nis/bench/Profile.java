package dev.nis.bench;

import dev.nis.common.testing.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * With {@code BENCH_PROFILE=1}: a JFR recording ({@code settings=profile}) of one service and of
 * this JVM (which holds mongo-java-server when MONGO_URI is unset) over one case, written to {@code
 * <dir>/<label>-<service>.jfr} and {@code <dir>/<label>-bench.jfr}; read them with {@code jfr view
 * hot-methods} or {@code jfr print --events jdk.ExecutionSample}. Without it, nothing.
 */
final class Profile implements AutoCloseable {
  private final ServiceProcess service;
  private final String name;
  private final Recording here;

  private Profile(ServiceProcess service, String name, Recording here) {
    this.service = service;
    this.name = name;
    this.here = here;
  }

  static boolean wanted() {
    return "1".equals(System.getenv("BENCH_PROFILE"));
  }

  static Profile start(String label, String serviceName, ServiceProcess service, Path dir)
      throws Exception {
    if (!wanted()) {
      return new Profile(null, null, null);
    }
    Path serviceFile = dir.resolve(label + "-" + serviceName + ".jfr").toAbsolutePath();
    jcmd(service, "JFR.start", "name=" + label, "settings=profile", "filename=" + serviceFile);
    Recording here = new Recording(Configuration.getConfiguration("profile"));
    here.setDestination(dir.resolve(label + "-bench.jfr").toAbsolutePath());
    here.start();
    System.out.println("  profiling " + serviceName + " and this JVM: " + serviceFile);
    return new Profile(service, label, here);
  }

  @Override
  public void close() throws Exception {
    if (here == null) {
      return;
    }
    jcmd(service, "JFR.stop", "name=" + name);
    here.stop();
    here.close();
  }

  private static void jcmd(ServiceProcess service, String... command)
      throws IOException, InterruptedException {
    String[] line = new String[command.length + 2];
    line[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    line[1] = Long.toString(service.pid());
    System.arraycopy(command, 0, line, 2, command.length);
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
    }
  }
}
