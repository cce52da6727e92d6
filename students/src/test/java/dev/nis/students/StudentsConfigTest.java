package dev.nis.students;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentsConfigTest {
  @Test
  void defaults_areForALocalRun() {
    StudentsConfig config = StudentsConfig.from(new Env(Map.of()));

    assertThat(config.httpPort()).isEqualTo(8082);
    assertThat(config.grpcPort()).isEqualTo(9092);
    assertThat(config.postgres().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
    assertThat(config.postgres().user()).isEqualTo("postgres");
    assertThat(config.postgres().password()).isEmpty();
    assertThat(config.postgres().schema()).isEqualTo("nis");
    assertThat(config.postgres().poolSize()).isEqualTo(10);
    assertThat(config.cacheKeyPrefix()).isEqualTo("nis:students:");
    assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.contract().commandsStream("students", 7))
        .isEqualTo("NIS_STUDENT_COMMANDS_07");
    assertThat(config.coursesGrpcTarget()).isEqualTo("127.0.0.1:9091");
    assertThat(config.peerDeadline()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theNamespace_prefixesTheCacheKeys() {
    StudentsConfig config = StudentsConfig.from(new Env(Map.of("NIS_NAMESPACE", "staging")));

    assertThat(config.cacheKeyPrefix()).isEqualTo("staging:students:");
    assertThat(config.contract().commandsSubject("students", 7))
        .isEqualTo("staging.students.commands.7");
    assertThat(config.contract().commandsStream("students", 7))
        .isEqualTo("STAGING_STUDENT_COMMANDS_07");
  }

  @Test
  void aHostListAndAnIpv6Address_areJdbcUrlsTheDriverTakes() {
    for (String url :
        new String[] {
          "jdbc:postgresql://db-1:5432,db-2:5433/nis?targetServerType=primary",
          "jdbc:postgresql://[::1]:5432/postgres",
          "jdbc:postgresql://db/postgres"
        }) {
      assertThat(StudentsConfig.from(new Env(Map.of("POSTGRES_URL", url))).postgres().url())
          .isEqualTo(url);
    }
  }

  @Test
  void thePasswordIsNotPrinted() {
    StudentsConfig config = StudentsConfig.from(new Env(Map.of("POSTGRES_PASSWORD", "s3cret")));

    assertThat(config.postgres().password()).isEqualTo("s3cret");
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @ParameterizedTest
  @CsvSource({
    "POSTGRES_URL, postgres://127.0.0.1:5432/postgres",
    "POSTGRES_URL, jdbc:postgresql://127.0.0.1:5432",
    "POSTGRES_SCHEMA, Nis",
    "POSTGRES_SCHEMA, nis-test",
    "POSTGRES_SCHEMA, 1nis",
    "POSTGRES_POOL_SIZE, 0",
    "STUDENTS_HTTP_PORT, http",
    "COURSES_GRPC_TARGET, courses",
    "PEER_DEADLINE, 2 seconds",
    // found by a fresh helper (2026-12-07): each started, or ended start-up with no line at all
    "PEER_DEADLINE, 0s",
    "CACHE_TTL, 0s",
    "CACHE_TTL, 99999999999999999999s",
    "PUBLISH_TIMEOUT, 99999999999999999999ms",
    "SHUTDOWN_GRACE, 9999999999999999h",
    "NIS_NAMESPACE, Staging",
    "NIS_NAMESPACE, a-namespace-of-more-than-32-characters",
    "REDIS_URL, redis://127.0.0.1:99999",
    "NATS_URL, nats://127.0.0.1:99999",
    "POSTGRES_URL, jdbc:postgresql://127.0.0.1:99999/postgres",
    "COURSES_GRPC_TARGET, a b:9091",
  })
  void aBadValue_stopsStartUpNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> StudentsConfig.from(new Env(Map.of(variable, value))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable + ":");
  }
}
