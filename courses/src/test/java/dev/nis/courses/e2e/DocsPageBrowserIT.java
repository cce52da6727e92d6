package dev.nis.courses.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.openapi.OpenApiContract;
import dev.nis.courses.testing.TestMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The docs page in a real browser: the courses service runs in this JVM, and {@code
 * api-tools/docs-page-check.mjs} drives Debian's headless Chromium with playwright-core against its
 * {@code /api/docs}: every route of the document is listed, {@code GET /api/courses} executed from
 * the page ("Try it out", "Execute") answers 200, no request leaves the service's origin, and the
 * key the page was opened with ({@code ?apikey=}, as through Kong) goes with every request. The
 * screenshot is kept as {@code courses/target/docs-page.png}.
 *
 * <p>Skipped, saying so, only where there is no Chromium at {@code /usr/bin/chromium} ({@code
 * .ci/run} installs Debian's package where apt can).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsPageBrowserIT {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path TOOLS = Path.of("..", "api-tools").toAbsolutePath().normalize();
  private static final Path SCREENSHOT = Path.of("target", "docs-page.png").toAbsolutePath();
  private static final String KEY = "docs-page-test-key";

  private RunningService courses;
  private final List<String> routes = new ArrayList<>();

  @BeforeAll
  void startTheService() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no Chromium at " + CHROMIUM + ": install Debian's chromium (.ci/run does, where apt can)");
    run(List.of("bash", TOOLS.resolve("npm-ci.sh").toString()), 300);
    OpenApiContract.of("courses").orElseThrow().routes().stream()
        .map(route -> route.method() + " " + route.template())
        .forEach(routes::add);
    RunningCourses fixture = new RunningCourses(mongo);
    courses = fixture.start();
    courses.api().post("/api/courses", fixture.body("Optics"));
  }

  @AfterAll
  void stopTheService() throws Exception {
    if (courses != null) {
      courses.close();
    }
  }

  @Test
  void theDocsPage_listsEveryRoute_andExecutesTheListOfCourses_inChromium() throws Exception {
    Files.deleteIfExists(SCREENSHOT);

    Check check = check(routes, SCREENSHOT);

    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output())
        .contains("docs page: " + routes.size() + " routes listed")
        .contains("GET /api/courses executed from the page answered 200")
        .contains("docs page check: passed");
    assertThat(SCREENSHOT).isNotEmptyFile();
  }

  @Test
  void theCheck_failsWhenTheDocumentHasARouteThePageDoesNotList() throws Exception {
    List<String> more = new ArrayList<>(routes);
    more.add("GET /api/courses/{id}/teachers");
    Path screenshot = Files.createTempFile("nis-docs-page-", ".png");
    try {
      Check check = check(more, screenshot);

      assertThat(check.exit()).as(check.output()).isEqualTo(1);
      assertThat(check.output())
          .contains("the page does not list GET /api/courses/{id}/teachers")
          .contains("docs page check failed");
    } finally {
      Files.deleteIfExists(screenshot);
    }
  }

  private record Check(int exit, String output) {}

  private Check check(List<String> expectedRoutes, Path screenshot) throws Exception {
    Path routesFile = Files.createTempFile("nis-routes-", ".json");
    try {
      Files.writeString(routesFile, new ObjectMapper().writeValueAsString(expectedRoutes));
      return exec(
          List.of(
              "node",
              TOOLS.resolve("docs-page-check.mjs").toString(),
              // a key, as through Kong: the page must send it with every request it makes
              courses.baseUri() + "/api/docs?apikey=" + KEY,
              screenshot.toString(),
              routesFile.toString()),
          120);
    } finally {
      Files.deleteIfExists(routesFile);
    }
  }

  /** Runs a command that must succeed. */
  private static void run(List<String> command, int timeoutSeconds) throws Exception {
    Check check = exec(command, timeoutSeconds);
    assertThat(check.exit()).as("exit of %s:%n%s", command, check.output()).isZero();
  }

  /** Runs a command, its output also in this test's output; fails on a timeout. */
  private static Check exec(List<String> command, int timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("nis-docs-page-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!done) {
        process.destroyForcibly().waitFor();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      System.out.println(output);
      assertThat(done).as("%s finished within %d s:%n%s", command, timeoutSeconds, output).isTrue();
      return new Check(process.exitValue(), output);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
