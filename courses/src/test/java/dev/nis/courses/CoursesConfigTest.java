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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /** Found by a fresh helper (2026-12-07): each started, or ended start-up with no line at all. */
  @ParameterizedTest
  @CsvSource({
    "PEER_DEADLINE, 0s",
    "CACHE_TTL, 0s",
    "CACHE_TTL, 99999999999999999999s",
    "PUBLISH_TIMEOUT, 99999999999999999999ms",
    "SHUTDOWN_GRACE, 9999999999999999h",
    "COMMAND_QUEUE_WAIT, 61s",
    "NIS_NAMESPACE, Staging",
    "NIS_NAMESPACE, a-namespace-of-more-than-32-characters",
    "REDIS_URL, redis://127.0.0.1:99999",
    "NATS_URL, nats://127.0.0.1:99999",
    "STUDENTS_GRPC_TARGET, a b:9092",
  })
  void aBadValue_stopsStartUpNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> CoursesConfig.from(new Env(Map.of(variable, value))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable + ":")
        .hasMessageContaining(value);
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
