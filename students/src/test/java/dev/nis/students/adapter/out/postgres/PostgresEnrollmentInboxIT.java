package dev.nis.students.adapter.out.postgres;

import static dev.nis.students.adapter.out.postgres.jooq.Tables.ENROLLMENT_INBOX;

import dev.nis.common.application.port.out.EnrollmentInbox;
import dev.nis.common.contract.EnrollmentInboxContract;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inbox contract against PostgreSQL, over {@link PostgresEnrollmentInbox}. */
class PostgresEnrollmentInboxIT extends EnrollmentInboxContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @Override
  protected EnrollmentInbox emptyInbox() {
    postgres.sql().deleteFrom(ENROLLMENT_INBOX).execute();
    return new PostgresEnrollmentInbox(postgres.sql());
  }
}
