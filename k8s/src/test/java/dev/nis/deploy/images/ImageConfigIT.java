package dev.nis.deploy.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.deploy.Repo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each image tarball declares and holds, read from the tarball itself. */
class ImageConfigIT {
  private static final Map<NisImage, ImageTarball> tarballs = new EnumMap<>(NisImage.class);
  private static final Map<NisImage, Map<String, ImageFile>> files = new EnumMap<>(NisImage.class);

  @BeforeAll
  static void open() throws IOException {
    Optional<String> notBuilt = NisImage.notBuiltBecause();
    assumeTrue(notBuilt.isEmpty(), notBuilt.orElse(""));
    for (NisImage image : NisImage.values()) {
      ImageTarball tarball = image.open();
      tarballs.put(image, tarball);
      files.put(image, ImageFile.of(tarball));
    }
  }

  private static JsonNode config(NisImage image) {
    return tarballs.get(image).containerConfig();
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(e -> list.add(e.asText()));
    return list;
  }

  @ParameterizedTest
  @EnumSource(NisImage.class)
  void theTarballIsTaggedAsComposeRunsIt(NisImage image) throws IOException {
    assertThat(tarballs.get(image).tags()).containsExactly(image.reference());
    assertThat(image.composeService().get("image")).isEqualTo(image.reference());
  }

  @ParameterizedTest
  @EnumSource(NisImage.class)
  void theEntrypointRunsTheMainClassWithTheRepositorysJvmOptions(NisImage image)
      throws IOException {
    List<String> entrypoint = strings(config(image).path("Entrypoint"));

    assertThat(entrypoint).first().isEqualTo("java");
    assertThat(entrypoint.get(1)).isEqualTo("@/app/jvm.options");
    assertThat(entrypoint).last().isEqualTo(image.mainClass);
    assertThat(entrypoint.get(entrypoint.indexOf("-cp") + 1)).isEqualTo("@/app/jib-classpath-file");
    assertThat(config(image).path("Cmd").isMissingNode() || config(image).path("Cmd").isEmpty())
        .as("no Cmd arguments")
        .isTrue();

    Map<String, ImageFile> fs = files.get(image);
    assertThat(fs.get("/app/jvm.options").text())
        .as("the one JVM options file, as bench/run.sh uses it")
        .isEqualTo(Files.readString(Repo.root().resolve("k8s/image-base/app/jvm.options")));
    // the module's classes as a jar, not as directories: class-data sharing archives only
    // classes from jar files
    ImageFile jar =
        fs.get("/app/classpath/" + image.module + "-" + System.getProperty("nis.version") + ".jar");
    assertThat(jar).as("the module's jar in /app/classpath").isNotNull();
    assertThat(jarEntries(jar)).contains(image.mainClass.replace('.', '/') + ".class");
    assertThat(fs.get("/app/jib-classpath-file").text())
        .startsWith("/app/classpath/")
        .contains("/app/libs/")
        .doesNotContain("/app/classes", "/app/resources");
  }

  @ParameterizedTest
  @EnumSource(
      value = NisImage.class,
      names = {"COURSES", "STUDENTS"})
  void theServicesKeepAClassDataSharingArchiveWhereTheyMayWrite(NisImage image) {
    List<String> entrypoint = strings(config(image).path("Entrypoint"));

    assertThat(entrypoint.subList(0, entrypoint.indexOf("-cp")))
        .contains(
            "-XX:SharedArchiveFile=/tmp/app-cds.jsa",
            "-XX:+AutoCreateSharedArchive",
            "-Xlog:cds*=off");
  }

  @ParameterizedTest
  @EnumSource(NisImage.class)
  void exposesTheServicePortsOnly(NisImage image) {
    List<String> ports = new ArrayList<>();
    config(image).path("ExposedPorts").fieldNames().forEachRemaining(ports::add);

    assertThat(ports).containsExactlyInAnyOrderElementsOf(image.exposedPorts);
  }

  @ParameterizedTest
  @EnumSource(NisImage.class)
  void runsAsANumericNonRootUser(NisImage image) {
    String user = config(image).path("User").asText();

    assertThat(user).isEqualTo(NisImage.USER).matches("\\d+:\\d+");
    assertThat(Integer.parseInt(user.substring(0, user.indexOf(':')))).isNotZero();
  }

  @ParameterizedTest
  @EnumSource(NisImage.class)
  void isLabelledWithItsTitleAndVersion(NisImage image) {
    JsonNode labels = config(image).path("Labels");

    assertThat(labels.path("org.opencontainers.image.title").asText()).contains(image.module);
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(System.getProperty("nis.version"));
  }

  @ParameterizedTest
  @EnumSource(NisImage.class)
  void theLocalBaseHoldsARuntimeItsLibrariesAndTheNonrootUser_butNoShell(NisImage image) {
    assumeTrue(NisImage.localBase(), "built on -Dnis.image.base, not on the local base");
    Map<String, ImageFile> fs = files.get(image);
    List<String> env = strings(config(image).path("Env"));

    assertThat(env).contains("JAVA_HOME=/opt/java/openjdk");
    assertThat(env).anySatisfy(e -> assertThat(e).startsWith("PATH=/opt/java/openjdk/bin:"));
    assertThat(fs.get("/opt/java/openjdk/bin/java").permissions()).isEqualTo(0755);
    assertThat(fs.get("/opt/java/openjdk/lib/server/libjvm.so").permissions()).isEqualTo(0755);
    assertThat(fs)
        .as("the runtime's default class-data sharing archive (jlink --generate-cds-archive)")
        .containsKey("/opt/java/openjdk/lib/server/classes.jsa");
    assertThat(fs.keySet())
        .anySatisfy(p -> assertThat(p).matches("/lib\\w*/ld-linux[-\\w]*\\.so\\.\\d"))
        .anySatisfy(p -> assertThat(p).matches("/lib/[-\\w]+/libc\\.so\\.6"))
        .anySatisfy(p -> assertThat(p).matches("/lib/[-\\w]+/libnss_files\\.so\\.2"))
        .anySatisfy(p -> assertThat(p).matches("/lib/[-\\w]+/libnss_dns\\.so\\.2"));
    fs.values().stream()
        .filter(f -> f.path().startsWith("/lib") && f.path().contains(".so"))
        .forEach(lib -> assertThat(lib.permissions()).as(lib.path()).isEqualTo(0755));
    assertThat(fs.get("/etc/passwd").text()).contains("\nnonroot:x:65532:65532:");
    assertThat(fs.get("/etc/group").text()).contains("\nnonroot:x:65532:");
    assertThat(fs.get("/etc/nsswitch.conf").text()).contains("hosts: files dns");
    assertThat(fs.get("/tmp").directory()).isTrue();
    assertThat(fs.get("/tmp").permissions()).isEqualTo(0777);
    assertThat(fs).doesNotContainKeys("/bin/sh", "/usr/bin/sh", "/bin/bash");
    assertThat(fs.values()).allSatisfy(f -> assertThat(f.uid()).as(f.path()).isZero());
  }

  @Test
  void coursesKeepsItsEmbeddedDataInAVolume_whichItsUserMayWrite() {
    JsonNode config = config(NisImage.COURSES);
    Map<String, ImageFile> fs = files.get(NisImage.COURSES);

    assertThat(strings(config.path("Env")))
        .contains("COURSES_DATA_DIR=" + NisImage.COURSES_DATA_DIR);
    assertThat(config.path("Volumes").has(NisImage.COURSES_DATA_DIR)).isTrue();
    assertThat(fs.get(NisImage.COURSES_DATA_DIR).directory()).isTrue();
    assertThat(fs.get(NisImage.COURSES_DATA_DIR).permissions()).isEqualTo(0777);
    assertThat(fs.keySet())
        .as("an empty directory: the volume starts with no data")
        .noneMatch(p -> p.startsWith(NisImage.COURSES_DATA_DIR + "/"));
  }

  @ParameterizedTest
  @EnumSource(
      value = NisImage.class,
      names = {"COURSES", "STUDENTS"})
  void theComposeHealthCheckRunsTheImagesJavaOnAClassTheImageHas(NisImage image)
      throws IOException {
    List<String> check = image.composeHealthCheck();

    assertThat(check).first().isEqualTo("java");
    assertThat(check.get(check.indexOf("-cp") + 1)).isEqualTo("/app/libs/*");
    assertThat(check.get(check.size() - 2)).isEqualTo("dev.nis.common.http.HealthCheck");
    String httpPort = image.exposedPorts.stream().sorted().findFirst().orElseThrow();
    assertThat(check.getLast())
        .isEqualTo(
            "http://127.0.0.1:%s/api/%s/ready"
                .formatted(httpPort.replace("/tcp", ""), image.module));

    ImageFile commonLib =
        files.get(image).values().stream()
            .filter(f -> f.path().matches("/app/libs/common-lib-[^/]*\\.jar"))
            .findFirst()
            .orElseThrow();
    assertThat(jarEntries(commonLib)).contains("dev/nis/common/http/HealthCheck.class");
  }

  private static List<String> jarEntries(ImageFile jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar.content()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }
}
