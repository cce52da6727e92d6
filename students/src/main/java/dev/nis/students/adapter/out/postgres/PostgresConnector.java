package dev.nis.students.adapter.out.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Opens the connection pool (HikariCP) with short timeouts, so that a database that is down fails a
 * call in about two seconds (answered 503) instead of holding it; brings the schema up to date
 * (Flyway, the migrations under {@code db/migration}); and gives jOOQ its context. Every connection
 * works in the configured schema ({@code search_path}), so the SQL names no schema.
 */
public final class PostgresConnector {
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);
  static final int CONNECT_TIMEOUT_SECONDS = 2;
  static final Duration READINESS_TIMEOUT = Duration.ofSeconds(1);
  static final int SOCKET_TIMEOUT_SECONDS = 10;

  /**
   * The version of the newest migration under {@code db/migration} ({@code V3__...}); {@code
   * PostgresSchemaIT} holds it to the files.
   */
  static final String LATEST_MIGRATION = "4";

  private PostgresConnector() {}

  /**
   * The connection pool with the schema brought up to date (Flyway) before anything reads it,
   * unless it is already ({@link #upToDate}); when the migration fails, the pool is closed and the
   * error says which schema at which URL.
   */
  public static HikariDataSource open(PostgresSettings settings) {
    HikariDataSource pool = pool(settings);
    try {
      if (!upToDate(pool, settings.schema())) {
        migrate(pool, settings.schema());
      }
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException(
          "cannot bring PostgreSQL schema "
              + settings.schema()
              + " up to date at "
              + settings.url()
              + ": "
              + e.getMessage(),
          e);
    }
    return pool;
  }

  /**
   * A pool for the settings; it connects lazily, so this does not fail when the database is down.
   */
  public static HikariDataSource pool(PostgresSettings settings) {
    HikariConfig config = config(settings, "nis-students", CONNECTION_TIMEOUT);
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    return new HikariDataSource(config);
  }

  /**
   * What both pools share: the database and schema, a pool that connects lazily (a database down
   * does not fail the start), the driver's connect and socket timeouts.
   */
  private static HikariConfig config(
      PostgresSettings settings, String name, Duration connectionTimeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setSchema(settings.schema());
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setValidationTimeout(
        Math.min(VALIDATION_TIMEOUT.toMillis(), connectionTimeout.toMillis()));
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
    config.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
    config.addDataSourceProperty("tcpKeepAlive", true);
    config.addDataSourceProperty("ApplicationName", name);
    return config;
  }

  /**
   * The readiness probe's own pool of one connection ({@link PostgresReadiness}), which waits at
   * most {@link #READINESS_TIMEOUT} for it: readiness says whether the database answers, and asked
   * through the service's pool it said no whenever a burst of reads held every connection (found by
   * a fresh helper: 3,000 concurrent gRPC lists turned {@code /ready} 503 with the database up),
   * which in a cluster takes loaded replicas out of service and loads the rest more. It also
   * answers within about a second, not the pool's two, when the database is down.
   */
  public static HikariDataSource readinessPool(PostgresSettings settings) {
    HikariConfig config = config(settings, "nis-students-readiness", READINESS_TIMEOUT);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    return new HikariDataSource(config);
  }

  /**
   * Whether the schema's Flyway history ends with the newest migration ({@link #LATEST_MIGRATION})
   * applied successfully. Then a start skips Flyway, whose class loading, scan of the class path
   * and validation took ~200 ms of a students start (ten alternated starts each, 2026-12-03: 1.68
   * against 1.87 s to ready, median). Anything else (no history yet, another version last, a failed
   * migration, a query that fails) runs Flyway, which validates and migrates as it always did; what
   * a skipping start leaves out is Flyway's check of the applied migrations' checksums, so an
   * edited migration is reported by the next start that has a migration to apply.
   *
   * @throws IllegalStateException when the database cannot be reached (SQLState class 08), as
   *     Flyway would fail the same way a connect timeout later
   */
  static boolean upToDate(DataSource dataSource, String schema) {
    String history = '"' + schema.replace("\"", "\"\"") + "\".flyway_schema_history";
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet last =
            statement.executeQuery(
                "SELECT version, success FROM "
                    + history
                    + " ORDER BY installed_rank DESC LIMIT 1")) {
      return last.next()
          && last.getBoolean("success")
          && LATEST_MIGRATION.equals(last.getString("version"));
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      return false;
    }
  }

  /** Creates the schema if needed and applies the migrations it has not seen yet. */
  public static void migrate(DataSource dataSource, String schema) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /** jOOQ over the pool, in PostgreSQL's dialect. */
  public static DSLContext jooq(DataSource dataSource) {
    return DSL.using(
        dataSource,
        SQLDialect.POSTGRES,
        new Settings().withExecuteLogging(false).withRenderSchema(false));
  }
}
