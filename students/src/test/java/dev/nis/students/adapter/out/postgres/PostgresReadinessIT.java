package dev.nis.students.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.nis.students.testing.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readiness is the database answering, not the service's pool having a connection free: with every
 * connection of the service's pool held by requests, the probe's own pool still answers; with the
 * database unreachable it says no within about its timeout.
 */
class PostgresReadinessIT {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @Test
  void aPoolBusyWithRequests_doesNotReadAsADatabaseDown() throws Exception {
    PostgresSettings settings = postgres.settings();
    PostgresSettings small =
        new PostgresSettings(
            settings.url(), settings.user(), settings.password(), settings.schema(), 2);
    try (HikariDataSource service = PostgresConnector.pool(small);
        HikariDataSource probe = PostgresConnector.readinessPool(small);
        Connection first = service.getConnection();
        Connection second = service.getConnection()) {
      assertThat(new PostgresReadiness(PostgresConnector.jooq(service)).isReady())
          .as("asked through the busy pool (how it was)")
          .isFalse();
      assertThat(new PostgresReadiness(PostgresConnector.jooq(probe)).isReady())
          .as("asked through its own pool")
          .isTrue();
    }
  }

  @Test
  void anUnreachableDatabase_isNotReady_withinAboutItsTimeout() {
    try (HikariDataSource probe = PostgresConnector.readinessPool(TestPostgres.unreachable(1))) {
      long start = System.nanoTime();
      assertThat(new PostgresReadiness(PostgresConnector.jooq(probe)).isReady()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(PostgresConnector.READINESS_TIMEOUT.plusSeconds(2));
    }
  }
}
