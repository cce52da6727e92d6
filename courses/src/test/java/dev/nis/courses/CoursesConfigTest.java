package dev.nis.courses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoursesConfigTest {
  @TempDir Path dir;

  @Test
  void withoutMongoUri_theEmbeddedServerKeepsItsDataUnderDataCourses() {
    CoursesConfig config = CoursesConfig.from(new Env(Map.of()));

    assertThat(config.mongoUri()).isEmpty();
    assertThat(config.dataDir()).isEqualTo(Path.of("data/courses"));
  }

  @Test
  void theDataDirectory_isTheVariablesValue_createdLaterWhenMissing() {
    Path missing = dir.resolve("not/yet");

    CoursesConfig config =
        CoursesConfig.from(new Env(Map.of("COURSES_DATA_DIR", missing.toString())));

    assertThat(config.dataDir()).isEqualTo(missing);
  }

  @Test
  void aDataDirectoryThatIsAFile_stopsStartUpNamingTheVariable() throws Exception {
    Path file = Files.createFile(dir.resolve("courses.txt"));

    assertThatThrownBy(
            () -> CoursesConfig.from(new Env(Map.of("COURSES_DATA_DIR", file.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("COURSES_DATA_DIR: must be a writable directory");
  }

  @Test
  void withMongoUri_theDataDirectoryIsNotUsed_soNotChecked() throws Exception {
    Path file = Files.createFile(dir.resolve("courses.txt"));

    CoursesConfig config =
        CoursesConfig.from(
            new Env(
                Map.of("MONGO_URI", "mongodb://db:27017", "COURSES_DATA_DIR", file.toString())));

    assertThat(config.mongoUri()).contains("mongodb://db:27017");
  }

  @Test
  void theEmbeddedServersPort_isAFreeOneByDefault_andTheVariablesValue() {
    assertThat(CoursesConfig.from(new Env(Map.of())).embeddedMongoPort()).isZero();
    assertThat(
            CoursesConfig.from(new Env(Map.of("COURSES_MONGO_PORT", "27018"))).embeddedMongoPort())
        .isEqualTo(27018);
    assertThatThrownBy(() -> CoursesConfig.from(new Env(Map.of("COURSES_MONGO_PORT", "70000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("COURSES_MONGO_PORT: ");
  }

  @Test
  void theReconciliationInterval_defaultsToAMinute_andIsTheVariablesValue() {
    assertThat(CoursesConfig.from(new Env(Map.of())).reconcileInterval())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(CoursesConfig.from(new Env(Map.of("RECONCILE_INTERVAL", "15s"))).reconcileInterval())
        .isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void aReconciliationIntervalBelowASecond_stopsStartUpNamingTheVariable() {
    assertThatThrownBy(() -> CoursesConfig.from(new Env(Map.of("RECONCILE_INTERVAL", "200ms"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("RECONCILE_INTERVAL: must be from 1s to 24h");
    assertThatThrownBy(() -> CoursesConfig.from(new Env(Map.of("RECONCILE_INTERVAL", "soon"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("RECONCILE_INTERVAL: ");
  }
}
