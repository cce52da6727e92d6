package dev.nis.students.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {
  private static DataAccessException failure(SQLException cause) {
    return new DataAccessException("failed", cause);
  }

  @Test
  void connectionFailures_poolTimeouts_andShutdowns_areUnavailable() {
    assertThat(SqlFailures.isUnavailable(failure(new SQLException("refused", "08001")))).isTrue();
    assertThat(SqlFailures.isUnavailable(failure(new SQLException("shutdown", "57P01")))).isTrue();
    assertThat(SqlFailures.isUnavailable(failure(new SQLException("too many", "53300")))).isTrue();
    assertThat(
            SqlFailures.isUnavailable(
                failure(new SQLTransientConnectionException("pool timed out"))))
        .isTrue();
  }

  @Test
  void otherSqlErrors_areBugs() {
    assertThat(SqlFailures.isUnavailable(failure(new SQLException("syntax", "42601")))).isFalse();
    assertThat(SqlFailures.isUnavailable(failure(new SQLException("unique", "23505")))).isFalse();
  }

  @Test
  void guarded_turnsUnavailabilityIntoTheDependencyException_andLetsBugsThrough() {
    assertThatThrownBy(
            () ->
                SqlFailures.guarded(
                    () -> {
                      throw failure(new SQLException("refused", "08001"));
                    }))
        .isInstanceOfSatisfying(
            DependencyUnavailableException.class,
            e -> assertThat(e.dependency()).isEqualTo("postgresql"));
    assertThatThrownBy(
            () ->
                SqlFailures.guarded(
                    () -> {
                      throw failure(new SQLException("syntax", "42601"));
                    }))
        .isInstanceOf(DataAccessException.class);
  }
}
