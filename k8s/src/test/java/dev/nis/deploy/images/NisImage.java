package dev.nis.deploy.images;

import dev.nis.deploy.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The three images the build writes, what each must declare, and where the build puts them. */
enum NisImage {
  COURSES("courses", "dev.nis.courses.Main", Set.of("8081/tcp", "9091/tcp")),
  STUDENTS("students", "dev.nis.students.Main", Set.of("8082/tcp", "9092/tcp")),
  INITIALIZER("initializer", "dev.nis.initializer.Main", Set.of());

  /** The user of the local base's /etc/passwd, and of every image (numeric, so verifiable). */
  static final String USER = "65532:65532";

  /** Where the courses image keeps the embedded MongoDB's file (COURSES_DATA_DIR, a volume). */
  static final String COURSES_DATA_DIR = "/var/lib/nis/courses";

  final String module;
  final String mainClass;
  final Set<String> exposedPorts;

  NisImage(String module, String mainClass, Set<String> exposedPorts) {
    this.module = module;
    this.mainClass = mainClass;
    this.exposedPorts = exposedPorts;
  }

  Path tarball() {
    return Repo.root().resolve(module).resolve("target").resolve("jib-image.tar");
  }

  /** Opens the tarball, failing with the way to build it when it is missing. */
  ImageTarball open() throws IOException {
    Path tarball = tarball();
    if (!Files.exists(tarball)) {
      throw new IllegalStateException(
          tarball + " is missing: the images are built in the package phase (./mvnw verify)");
    }
    return ImageTarball.open(tarball);
  }

  /** nis/<module>:<tag>, the tag being the project version without -SNAPSHOT. */
  String reference() {
    return "nis/" + module + ":" + System.getProperty("nis.version").replace("-SNAPSHOT", "");
  }

  /** Why no image was built (jib.skip, e.g. no local base off Linux), or empty when they were. */
  static Optional<String> notBuiltBecause() {
    return Boolean.getBoolean("jib.skip")
        ? Optional.of("the build skipped the images (jib.skip; see the build's log for why)")
        : Optional.empty();
  }

  /** Whether the build used the local base (no -Dnis.image.base) rather than a registry's. */
  static boolean localBase() {
    return "scratch".equals(System.getProperty("nis.image.from"));
  }

  static boolean linux() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux");
  }

  /** The service of docker-compose.yml that runs this image. */
  Map<String, Object> composeService() throws IOException {
    return Repo.map(Repo.map(Repo.yaml("docker-compose.yml").get("services")).get(module));
  }

  /** The health check command of this image's compose service ("CMD" dropped). */
  @SuppressWarnings("unchecked")
  List<String> composeHealthCheck() throws IOException {
    Map<String, Object> healthcheck = (Map<String, Object>) composeService().get("healthcheck");
    List<String> test = (List<String>) healthcheck.get("test");
    if (!"CMD".equals(test.get(0))) {
      throw new IllegalStateException(module + "'s health check is not an exec (CMD) form");
    }
    return test.subList(1, test.size());
  }
}
