package dev.nis.students.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.nis.common.testing.Ports;
import dev.nis.students.testing.TestPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schema Flyway makes, the readiness check, and what the planner does with "students of". */
class PostgresSchemaIT {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @Test
  void theMigration_makesTheTable_thePartialUniqueIndex_andTheGinIndex() {
    List<String> indexes =
        postgres
            .sql()
            .fetch(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = 'students'",
                postgres.schema())
            .getValues(0, String.class);

    assertThat(indexes)
        .anySatisfy(
            def ->
                assertThat(def)
                    .contains("UNIQUE INDEX students_full_name_live")
                    .contains("(name, first_name, last_name)")
                    .contains("WHERE (NOT deleted)"))
        .anySatisfy(def -> assertThat(def).contains("USING gin (course_ids)"));
  }

  @Test
  void migratingAgain_changesNothing() {
    PostgresConnector.migrate(postgres.pool(), postgres.schema());

    assertThat(
            postgres
                .sql()
                .fetchValue(
                    "SELECT count(*) FROM "
                        + postgres.schema()
                        + ".flyway_schema_history WHERE type = 'SQL' AND success"))
        .as("each migration applied once")
        .isEqualTo(3L);
  }

  @Test
  void studentsOfACourse_canUseTheGinIndex() {
    postgres.sql().execute("SET enable_seqscan = off");
    try {
      String plan =
          String.join(
              "\n",
              postgres
                  .sql()
                  .fetch(
                      "EXPLAIN SELECT id FROM students WHERE NOT deleted"
                          + " AND course_ids @> ARRAY['0123456789abcdef01234567']::text[]")
                  .getValues(0, String.class));

      assertThat(plan).contains("students_course_ids");
    } finally {
      postgres.sql().execute("SET enable_seqscan = on");
    }
  }

  @Test
  void aReachableDatabase_isReady() {
    assertThat(new PostgresReadiness(postgres.sql()).isReady()).isTrue();
  }

  @Test
  void aDatabaseThatIsDown_isNotReady_withinTheTimeout() throws IOException {
    var down =
        new PostgresSettings(
            "jdbc:postgresql://127.0.0.1:" + Ports.closed() + "/postgres",
            "postgres",
            "",
            "nis",
            1);
    try (HikariDataSource pool = PostgresConnector.pool(down)) {
      PostgresReadiness readiness =
          new PostgresReadiness(PostgresConnector.jooq(pool), Duration.ofMillis(500));
      long start = System.nanoTime();

      assertThat(readiness.isReady()).isFalse();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }
}
