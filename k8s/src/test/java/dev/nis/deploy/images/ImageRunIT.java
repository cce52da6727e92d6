package dev.nis.deploy.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.jetstream.StreamSpec;
import dev.nis.common.testing.Ports;
import dev.nis.deploy.images.ChrootContainer.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images run: their layers unpacked and started under chroot as the image's user, with the
 * image's own runtime, environment and entrypoint (see {@link ChrootContainer}).
 */
class ImageRunIT {
  private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  @TempDir static Path dir;

  private static ImageTarball initializerImage;
  private static ChrootContainer initializer;

  @BeforeAll
  static void unpackTheInitializer() throws IOException {
    Optional<String> notBuilt = NisImage.notBuiltBecause();
    assumeTrue(notBuilt.isEmpty(), notBuilt.orElse(""));
    Optional<String> unavailable = ChrootContainer.unavailableBecause();
    assumeTrue(unavailable.isEmpty(), unavailable.orElse(""));
    initializerImage = NisImage.INITIALIZER.open();
    initializer = ChrootContainer.unpack(initializerImage, dir.resolve("initializer"));
  }

  private static List<String> entrypoint(ImageTarball image) {
    List<String> entrypoint = new ArrayList<>();
    image.containerConfig().path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    return entrypoint;
  }

  @Test
  void theImagesJavaRunsAsTheImagesUser() throws Exception {
    String java = entrypoint(initializerImage).getFirst();

    Result result =
        initializer.run(
            List.of(java, "-XshowSettings:properties", "-version"), Map.of(), RUN_LIMIT);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("OpenJDK Runtime Environment");
    if (NisImage.localBase()) {
      // the name comes from the image's /etc/passwd through glibc's NSS
      assertThat(result.output()).contains("user.name = nonroot", "java.home = /opt/java/openjdk");
    }
  }

  @Test
  void theImagesJavaAcceptsTheEntrypointsJvmOptions() throws Exception {
    List<String> entrypoint = entrypoint(initializerImage);
    List<String> command = new ArrayList<>(entrypoint.subList(0, entrypoint.indexOf("-cp")));
    command.add("-version");

    Result result = initializer.run(command, Map.of(), RUN_LIMIT);

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void theInitializersEntrypointProvisionsJetStream_andExitsZero() throws Exception {
    try (NatsNamespace nats = NatsNamespace.create()) {
      Result result = runInitializer(nats);

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("provisioning done");
      assertThat(notJsonObjects(result.output())).as("output lines that are not JSON").isEmpty();
      List<String> expected = new ArrayList<>();
      nats.contract.streams().stream().map(StreamSpec::name).forEach(expected::add);
      nats.contract.buckets().stream().map(b -> "KV_" + b.name()).forEach(expected::add);
      assertThat(nats.streams()).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void coursesStartsAsTheImagesUser_keepsItsDataInItsVolume_andPassesItsComposeHealthCheck()
      throws Exception {
    ImageTarball coursesImage = NisImage.COURSES.open();
    ChrootContainer courses = ChrootContainer.unpack(coursesImage, dir.resolve("courses"));
    int httpPort = Ports.free();
    List<String> healthCheck =
        NisImage.COURSES.composeHealthCheck().stream()
            .map(arg -> arg.replace("127.0.0.1:8081", "127.0.0.1:" + httpPort))
            .toList();
    try (NatsNamespace nats = NatsNamespace.create()) {
      assertThat(runInitializer(nats).exitCode()).isZero();
      Result beforeStart = courses.run(healthCheck, Map.of(), RUN_LIMIT);
      assertThat(beforeStart.exitCode()).as(beforeStart.output()).isEqualTo(1);
      assertThat(beforeStart.output()).contains("unhealthy");

      Path log = dir.resolve("courses.log");
      Process service =
          courses.start(
              entrypoint(coursesImage),
              Map.of(
                  "COURSES_HTTP_PORT", String.valueOf(httpPort),
                  "COURSES_GRPC_PORT", String.valueOf(Ports.free()),
                  "NIS_NAMESPACE", nats.namespace(),
                  "NATS_URL", NatsNamespace.NATS_URL),
              log);
      try {
        Result check = untilHealthy(courses, healthCheck, service, log);
        assertThat(check.exitCode()).as(check.output()).isZero();
        ProcessHandle java = javaUnder(service).orElseThrow();
        assertThat(Files.getAttribute(Path.of("/proc/" + java.pid()), "unix:uid"))
            .as("uid of the service's java")
            .isEqualTo(uidOf(courses.user()));
        // no MONGO_URI: the embedded MongoDB keeps its file in the image's data volume
        Path dataFile = courses.file(NisImage.COURSES_DATA_DIR + "/courses.mv.db");
        assertThat(dataFile).exists();
        assertThat(Files.getAttribute(dataFile, "unix:uid")).isEqualTo(uidOf(courses.user()));
      } finally {
        ChrootContainer.stop(service, Duration.ofSeconds(30));
      }
      assertThat(Files.readString(log)).contains("courses stopped");
      assertThat(notJsonObjects(Files.readString(log)))
          .as("lines of the service's stdout and stderr that are not JSON")
          .isEmpty();
      assertThat(courses.file("/tmp/app-cds.jsa"))
          .as("the class-data sharing archive the first run leaves for the next start")
          .isNotEmptyFile();
      assertThat(Files.readAllLines(log))
          .as("no plain-text JVM output about the archive")
          .noneMatch(line -> line.contains("[cds"));
    }
  }

  /** The lines of a process's output that are not one JSON object each (README.md, "Logs"). */
  private static List<String> notJsonObjects(String output) {
    ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    List<String> bad = new ArrayList<>();
    for (String line : output.split("\n")) {
      try {
        JsonNode node = json.readTree(line);
        if (!node.isObject()) {
          bad.add(line);
        }
      } catch (IOException e) {
        bad.add(line);
      }
    }
    return bad;
  }

  private static Result runInitializer(NatsNamespace nats) throws Exception {
    return initializer.run(
        entrypoint(initializerImage),
        Map.of(
            "NATS_URL",
            NatsNamespace.NATS_URL,
            "NIS_NAMESPACE",
            nats.namespace(),
            "INIT_WAIT",
            "10s"),
        RUN_LIMIT);
  }

  private static Result untilHealthy(
      ChrootContainer container, List<String> healthCheck, Process service, Path log)
      throws Exception {
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    Result last;
    do {
      if (!service.isAlive()) {
        throw new AssertionError("the service ended early:\n" + Files.readString(log));
      }
      last = container.run(healthCheck, Map.of(), RUN_LIMIT);
      if (last.exitCode() == 0) {
        return last;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "not healthy within " + RUN_LIMIT + ": " + last.output() + "\n" + Files.readString(log));
  }

  /** The java process of the container {@code service} started. */
  private static Optional<ProcessHandle> javaUnder(Process service) {
    return service
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst();
  }

  private static int uidOf(String user) {
    return Integer.parseInt(user.substring(0, user.indexOf(':')));
  }
}
