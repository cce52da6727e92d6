package dev.nis.students.adapter.out.postgres;

import static dev.nis.students.adapter.out.postgres.SqlFailures.guarded;
import static dev.nis.students.adapter.out.postgres.jooq.Tables.ENROLLMENT_INBOX;

import dev.nis.common.application.port.out.EnrollmentInbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * The enrollment-log entries the students side has applied, in the table "enrollment_inbox" keyed
 * by entry id (migration V3).
 */
public final class PostgresEnrollmentInbox implements EnrollmentInbox {
  private final DSLContext sql;

  public PostgresEnrollmentInbox(DSLContext sql) {
    this.sql = sql;
  }

  @Override
  public boolean contains(String entryId) {
    return guarded(
        () ->
            sql.fetchExists(
                sql.selectOne()
                    .from(ENROLLMENT_INBOX)
                    .where(ENROLLMENT_INBOX.ENTRY_ID.eq(entryId))));
  }

  @Override
  public void add(String entryId) {
    guarded(
        () ->
            sql.insertInto(ENROLLMENT_INBOX)
                .set(ENROLLMENT_INBOX.ENTRY_ID, entryId)
                .onConflict(ENROLLMENT_INBOX.ENTRY_ID)
                .doNothing()
                .execute());
  }

  @Override
  public long prune(Instant before) {
    return guarded(
        () ->
            sql.deleteFrom(ENROLLMENT_INBOX)
                .where(
                    ENROLLMENT_INBOX.APPLIED_AT.lt(
                        OffsetDateTime.ofInstant(before, ZoneOffset.UTC)))
                .execute());
  }
}
