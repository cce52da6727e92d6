package dev.nis.deploy.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An image run the way a container runtime would, minus isolation of the network: its layers
 * unpacked into a directory, the runtime's files provided (/dev nodes, /etc/hosts and
 * /etc/resolv.conf, /proc in a private mount namespace), then {@code unshare} and {@code chroot
 * --userspec} start a command as the image's user with the image's environment. Needs root.
 */
final class ChrootContainer {
  /** What the process needs to run this: root, Linux and these host tools. */
  static final List<String> TOOLS = List.of("unshare", "chroot", "mknod");

  private final Path root;
  private final String user;
  private final Map<String, String> env = new LinkedHashMap<>();

  private ChrootContainer(Path root, JsonNode config) {
    this.root = root;
    this.user = config.path("User").asText();
    config.path("Env").forEach(e -> env.put(before(e.asText()), after(e.asText())));
  }

  /** Why this process cannot run images, or empty when it can. */
  static Optional<String> unavailableBecause() throws IOException {
    if (!NisImage.linux()) {
      return Optional.of("running an image's layers needs Linux");
    }
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (!Integer.valueOf(0).equals(uid)) {
      return Optional.of(
          "running an image's layers needs root (chroot, a mount namespace for /proc, mknod for"
              + " /dev); this test runs as uid "
              + uid);
    }
    for (String tool : TOOLS) {
      if (onPath(tool).isEmpty()) {
        return Optional.of("running an image's layers needs " + tool + " on the PATH");
      }
    }
    return Optional.empty();
  }

  static ChrootContainer unpack(ImageTarball image, Path dir) throws IOException {
    Path root = ExtractedImage.extract(image, dir);
    Files.createDirectories(root.resolve("proc"));
    Files.createDirectories(root.resolve("dev"));
    mknod(root.resolve("dev/null"), 1, 3);
    mknod(root.resolve("dev/zero"), 1, 5);
    mknod(root.resolve("dev/random"), 1, 8);
    mknod(root.resolve("dev/urandom"), 1, 9);
    for (String file : List.of("/etc/hosts", "/etc/resolv.conf")) {
      if (Files.exists(Path.of(file))) {
        Files.createDirectories(root.resolve("etc"));
        Files.copy(
            Path.of(file), root.resolve(file.substring(1)), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new ChrootContainer(root, image.containerConfig());
  }

  String user() {
    return user;
  }

  /** A file of the container's root file system, by its path inside the container. */
  Path file(String absolutePath) {
    return root.resolve(absolutePath.substring(1));
  }

  /** Starts {@code command} in the container; its output (both streams) goes to {@code log}. */
  Process start(List<String> command, Map<String, String> extraEnv, Path log) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(onPath("unshare").orElseThrow().toString());
    // a private mount namespace for /proc and a PID namespace: nothing is left on the host
    argv.addAll(
        List.of(
            "--mount",
            "--pid",
            "--fork",
            "--kill-child=SIGTERM",
            "--mount-proc=" + root.resolve("proc")));
    argv.add(onPath("chroot").orElseThrow().toString());
    argv.add("--userspec=" + user);
    argv.add(root.toString());
    argv.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().putAll(extraEnv);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  /** Runs {@code command} to its end: the exit code and the output. */
  Result run(List<String> command, Map<String, String> extraEnv, Duration timeout)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("chroot-run", ".log");
    try {
      Process process = start(command, extraEnv, log);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process, Duration.ZERO);
        throw new AssertionError(
            command + " did not end within " + timeout + "; output:\n" + Files.readString(log));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  record Result(int exitCode, String output) {}

  /**
   * Stops what {@link #start} started: SIGTERM to each of its processes (the command's own, as a
   * runtime's stop does), SIGKILL to those still alive after {@code grace}. The processes are
   * signalled directly because a parent-death signal would not reach the command: it is cleared
   * when chroot switches to the image's user.
   */
  static void stop(Process started, Duration grace) {
    List<ProcessHandle> processes = new ArrayList<>(started.descendants().toList());
    processes.add(started.toHandle());
    processes.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : processes) {
      process.onExit().completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS).join();
      if (process.isAlive()) {
        process.destroyForcibly();
        process.onExit().join();
      }
    }
  }

  private static void mknod(Path node, int major, int minor) throws IOException {
    try {
      Process p =
          new ProcessBuilder(
                  onPath("mknod").orElseThrow().toString(),
                  "-m",
                  "666",
                  node.toString(),
                  "c",
                  String.valueOf(major),
                  String.valueOf(minor))
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IOException("mknod " + node + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Optional<Path> onPath(String tool) {
    return Stream.of(
            System.getenv()
                .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                .split(File.pathSeparator))
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String before(String assignment) {
    return assignment.substring(0, assignment.indexOf('='));
  }

  private static String after(String assignment) {
    return assignment.substring(assignment.indexOf('=') + 1);
  }
}
