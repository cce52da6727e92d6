package dev.nis.students.adapter.out.postgres;

import java.time.Duration;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Answers the readiness probe: can the database answer {@code SELECT 1} within a short time. Give
 * it a context over {@link PostgresConnector#readinessPool}, not the service's pool, so that a pool
 * busy with requests does not read as a database down.
 */
public final class PostgresReadiness {
  private final DSLContext sql;
  private final int timeoutSeconds;

  public PostgresReadiness(DSLContext sql) {
    this(sql, Duration.ofSeconds(1));
  }

  public PostgresReadiness(DSLContext sql, Duration timeout) {
    this.sql = sql;
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
  }

  public boolean isReady() {
    try {
      return sql.selectOne().queryTimeout(timeoutSeconds).fetchOne() != null;
    } catch (DataAccessException e) {
      return false;
    }
  }
}
