package dev.nis.courses.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.openapi.OpenApiContract;
import dev.nis.courses.testing.TestMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The docs page in a real browser: the courses service runs in this JVM, and {@code
 * api-tools/docs-page-check.mjs} drives Debian's headless Chromium with playwright-core against its
 * {@code /api/docs}: every route of the document is listed, {@code GET /api/courses} executed from
 * the page ("Try it out", "Execute") answers 200, and no request leaves the service's origin. The
 * screenshot is kept as {@code courses/target/docs-page.png}.
 *
 * <p>Skipped, saying so, only where there is no Chromium at {@code /usr/bin/chromium} ({@code
 * .ci/run} installs Debian's package where apt can).
 */
class DocsPageBrowserIT {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path TOOLS = Path.of("..", "api-tools").toAbsolutePath().normalize();
  private static final String KEY = "docs-page-test-key";
  private static final Path SCREENSHOT = Path.of("target", "docs-page.png").toAbsolutePath();

  @Test
  void theDocsPage_listsEveryRoute_andExecutesTheListOfCourses_inChromium() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no Chromium at " + CHROMIUM + ": install Debian's chromium (.ci/run does, where apt can)");
    run(List.of("bash", TOOLS.resolve("npm-ci.sh").toString()), 300);
    List<String> routes =
        OpenApiContract.of("courses").orElseThrow().routes().stream()
            .map(route -> route.method() + " " + route.template())
            .toList();
    Path routesFile = Files.createTempFile("nis-routes-", ".json");
    Files.writeString(routesFile, new ObjectMapper().writeValueAsString(routes));
    Files.deleteIfExists(SCREENSHOT);

    RunningCourses fixture = new RunningCourses(mongo);
    try (RunningService courses = fixture.start()) {
      courses.api().post("/api/courses", fixture.body("Optics"));
      String output =
          run(
              List.of(
                  "node",
                  TOOLS.resolve("docs-page-check.mjs").toString(),
                  // a key, as through Kong: the page must send it with every request it makes
                  courses.baseUri() + "/api/docs?apikey=" + KEY,
                  SCREENSHOT.toString(),
                  routesFile.toString()),
              120);
      assertThat(output)
          .contains("GET /api/courses executed from the page answered 200")
          .contains("docs page check: passed");
    } finally {
      Files.deleteIfExists(routesFile);
    }
    assertThat(SCREENSHOT).isNotEmptyFile();
  }

  /** Runs a command, its output in this test's output; fails on a non-zero exit or a timeout. */
  private static String run(List<String> command, int timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("nis-docs-page-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!done) {
        process.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      System.out.println(output);
      assertThat(done).as("%s finished within %d s:%n%s", command, timeoutSeconds, output).isTrue();
      assertThat(process.exitValue()).as("exit of %s:%n%s", command, output).isZero();
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
