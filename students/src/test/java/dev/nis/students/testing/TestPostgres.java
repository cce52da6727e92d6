package dev.nis.students.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.nis.common.testing.Ports;
import dev.nis.students.adapter.out.postgres.PostgresConnector;
import dev.nis.students.adapter.out.postgres.PostgresSettings;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL schema of its own for each test class (shared with its {@code @Nested} classes),
 * migrated by Flyway before the class and dropped after it, on the machine's PostgreSQL ({@code
 * POSTGRES_URL}, default the {@code postgres} database on 127.0.0.1:5432, user {@code postgres}):
 *
 * <pre>{@code @RegisterExtension static final TestPostgres postgres = new TestPostgres();}</pre>
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {
  public static final String URL =
      System.getenv().getOrDefault("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  public static final String USER = System.getenv().getOrDefault("POSTGRES_USER", "postgres");
  public static final String PASSWORD = System.getenv().getOrDefault("POSTGRES_PASSWORD", "");

  private Class<?> owner;
  private PostgresSettings settings;
  private HikariDataSource pool;
  private DSLContext sql;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (owner != null) {
      return; // a @Nested class of the owner: it shares the owner's schema
    }
    owner = context.getRequiredTestClass();
    String schema =
        "it_"
            + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
            + "_"
            + UUID.randomUUID().toString().substring(0, 8);
    settings = new PostgresSettings(URL, USER, PASSWORD, schema, 4);
    pool = PostgresConnector.pool(settings);
    PostgresConnector.migrate(pool, schema);
    sql = PostgresConnector.jooq(pool);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (pool != null && context.getRequiredTestClass() == owner) {
      sql.execute("DROP SCHEMA IF EXISTS {0} CASCADE", DSL.name(settings.schema()));
      pool.close();
      owner = null;
    }
  }

  /** Settings of a database that is down: a port on 127.0.0.1 that nothing listens on. */
  public static PostgresSettings unreachable(int poolSize) {
    return new PostgresSettings(
        "jdbc:postgresql://127.0.0.1:" + Ports.closed() + "/postgres",
        "postgres",
        "",
        "nis",
        poolSize);
  }

  public PostgresSettings settings() {
    return requireStarted(settings);
  }

  public String schema() {
    return settings().schema();
  }

  /** jOOQ on the test's schema. */
  public DSLContext sql() {
    return requireStarted(sql);
  }

  public HikariDataSource pool() {
    return requireStarted(pool);
  }

  private static <T> T requireStarted(T value) {
    if (value == null) {
      throw new IllegalStateException("register TestPostgres as a static @RegisterExtension field");
    }
    return value;
  }
}
