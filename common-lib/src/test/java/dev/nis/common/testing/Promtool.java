package dev.nis.common.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own checker, {@code promtool} (Debian's {@code prometheus} package, which {@code
 * .ci/ensure-promtool.sh} installs for {@code .ci/run}), run as a process: {@code check metrics} of
 * a service's /metrics text, {@code check rules} and {@code test rules} of the alerting rules.
 *
 * <p>Found as {@code $PROMTOOL} or on the {@code PATH}. Without it a test is skipped, saying so,
 * unless {@code NIS_REQUIRE_PROMTOOL=true} (what {@code .ci/run} sets): then it fails.
 */
public final class Promtool {
  /** The environment variable that turns a missing promtool from a skip into a failure. */
  public static final String REQUIRED = "NIS_REQUIRE_PROMTOOL";

  /** {@code check metrics}' exit code for lint problems (1 is an exposition it cannot parse). */
  private static final int LINT_PROBLEMS = 3;

  /** A lint line: the metric family's name, a space, the problem. */
  private static final Pattern NIS_PROBLEM = Pattern.compile("^nis_[a-zA-Z0-9_:]* .*");

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  /** What promtool printed (stdout and stderr) and how it exited. */
  public record Result(int exitCode, String output) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** promtool, or the test skipped (failed under {@code NIS_REQUIRE_PROMTOOL=true}). */
  public static Promtool require() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return new Promtool(found.get());
    }
    String why =
        "promtool is not installed (Debian: apt-get install prometheus; .ci/ensure-promtool.sh"
            + " does it), and PROMTOOL does not name it";
    if (Boolean.parseBoolean(System.getenv(REQUIRED))) {
      throw new AssertionError(why + "; " + REQUIRED + "=true requires it");
    }
    Assumptions.abort(why);
    throw new AssertionError("unreachable");
  }

  static Optional<Path> find() {
    String named = System.getenv("PROMTOOL");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The help lines of the project's own metrics that both services export (issue 13: these four
   * once had none), for the services' checks of their {@code /metrics}.
   */
  public static final List<String> PROJECT_METRIC_HELP =
      List.of(
          "# HELP nis_service_calls_seconds ",
          "# HELP nis_cache_lookups_total ",
          "# HELP nis_queue_messages_total ",
          "# HELP nis_queue_redeliveries_total ",
          "# HELP nis_queue_pending ",
          "# HELP nis_http_problems_total ");

  /** The help lines of the metrics only the courses service exports: its reconciliation's. */
  public static final List<String> COURSES_METRIC_HELP =
      List.of(
          "# HELP nis_relation_drift ",
          "# HELP nis_relation_repairs_total ",
          "# HELP nis_relation_unsettled ",
          "# HELP nis_reconciliation_runs_total ");

  /**
   * {@code promtool check metrics} of an exposition: its problems with the project's metrics (lines
   * naming a {@code nis_} family, e.g. "no help text") or with the text as a whole (it does not
   * parse). The JVM meters' lint lines are Micrometer's naming ({@code process_cpu_time_ns_total},
   * {@code system_cpu_count}), not this project's, and are left out.
   */
  public List<String> nisMetricProblems(String exposition) {
    Result result = run(exposition, "check", "metrics");
    if (result.succeeded()) {
      return List.of();
    }
    List<String> lines = result.output().lines().filter(l -> !l.isBlank()).toList();
    if (result.exitCode() != LINT_PROBLEMS) {
      return lines.isEmpty() ? List.of("exit code " + result.exitCode()) : lines;
    }
    return lines.stream().filter(l -> NIS_PROBLEM.matcher(l).matches()).toList();
  }

  /** {@code promtool <args>} in {@code dir}, stdin closed. */
  public Result run(Path dir, String... args) {
    return execute(dir.toFile(), null, args);
  }

  /** {@code promtool <args>} with {@code stdin} as its standard input. */
  public Result run(String stdin, String... args) {
    return execute(null, stdin, args);
  }

  private Result execute(File dir, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("promtool " + String.join(" ", args) + " ran over 60 s");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while promtool ran", e);
    }
  }
}
