package dev.nis.students.adapter.out.postgres;

import dev.nis.common.application.DependencyUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Sorts what jOOQ throws: a database that cannot be reached or answer in time (connection refused
 * or lost, pool timeout, query cancelled, server shutting down or out of connections) is {@link
 * DependencyUnavailableException} "postgresql"; anything else is a bug and goes on as it is.
 */
final class SqlFailures {
  static final String DEPENDENCY = "postgresql";
  static final String UNIQUE_VIOLATION = "23505";

  private SqlFailures() {}

  static <T> T guarded(Supplier<T> call) {
    try {
      return call.get();
    } catch (DataAccessException e) {
      if (isUnavailable(e)) {
        throw new DependencyUnavailableException(DEPENDENCY, e);
      }
      throw e;
    }
  }

  static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Connection exceptions (08), shutdown or cancel (57), insufficient resources (53). */
  private static boolean unavailableState(String state) {
    return state != null
        && (state.startsWith("08") || state.startsWith("57") || state.startsWith("53"));
  }

  /** Whether the failure is a unique violation of the named index or constraint. */
  static boolean isUniqueViolationOf(DataAccessException failure, String constraint) {
    if (!UNIQUE_VIOLATION.equals(failure.sqlState())) {
      return false;
    }
    return Optional.ofNullable(failure.getCause(PSQLException.class))
        .map(PSQLException::getServerErrorMessage)
        .map(ServerErrorMessage::getConstraint)
        .map(constraint::equals)
        .orElse(false);
  }
}
