package dev.nis.students.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.nis.students.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.impl.DSL;
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
        .isEqualTo((long) migrationVersions().size());
  }

  @Test
  void theLatestMigrationConstant_namesTheNewestFile() throws Exception {
    assertThat(PostgresConnector.LATEST_MIGRATION)
        .isEqualTo(Integer.toString(Collections.max(migrationVersions())));
  }

  @Test
  void aMigratedSchema_isUpToDate_andOneWithoutHistoryOrBehind_isNot() {
    assertThat(PostgresConnector.upToDate(postgres.pool(), postgres.schema())).isTrue();

    String other = postgres.schema() + "_behind";
    PostgresSettings settings =
        new PostgresSettings(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD, other, 2);
    try (HikariDataSource pool = PostgresConnector.pool(settings)) {
      assertThat(PostgresConnector.upToDate(pool, other)).as("no schema, no history").isFalse();

      int behind = Collections.max(migrationVersions()) - 1;
      Flyway.configure()
          .dataSource(pool)
          .schemas(other)
          .createSchemas(true)
          .target(Integer.toString(behind))
          .load()
          .migrate();
      assertThat(PostgresConnector.upToDate(pool, other))
          .as("history ends at version %d", behind)
          .isFalse();

      PostgresConnector.open(settings).close();
      assertThat(PostgresConnector.upToDate(pool, other)).as("after open").isTrue();
    } finally {
      postgres.sql().execute("DROP SCHEMA IF EXISTS {0} CASCADE", DSL.name(other));
    }
  }

  @Test
  void anUnreachableDatabase_failsTheCheck_ratherThanRunningFlyway() {
    PostgresSettings down = TestPostgres.unreachable(1);
    try (HikariDataSource pool = PostgresConnector.pool(down)) {
      assertThatThrownBy(() -> PostgresConnector.upToDate(pool, "nis"))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  /**
   * The versions of the migration files ({@code V<n>__<name>.sql}) in the module's sources: the
   * tests run from the module's directory, and failsafe puts the jar, not a directory, on the class
   * path.
   */
  private static List<Integer> migrationVersions() {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      return files
          .map(file -> Pattern.compile("V(\\d+)__.*\\.sql").matcher(file.getFileName().toString()))
          .filter(Matcher::matches)
          .map(matcher -> Integer.parseInt(matcher.group(1)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
  void aDatabaseThatIsDown_isNotReady_withinTheTimeout() {
    PostgresSettings down = TestPostgres.unreachable(1);
    try (HikariDataSource pool = PostgresConnector.pool(down)) {
      PostgresReadiness readiness =
          new PostgresReadiness(PostgresConnector.jooq(pool), Duration.ofMillis(500));
      long start = System.nanoTime();

      assertThat(readiness.isReady()).isFalse();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }
}
