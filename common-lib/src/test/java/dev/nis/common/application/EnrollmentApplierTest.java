package dev.nis.common.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.testing.InMemoryEnrollmentInbox;
import dev.nis.common.testing.InMemoryOperationLog;
import dev.nis.common.testing.InMemoryReadCache;
import dev.nis.common.testing.TestDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The enrollment applier's guard (I4): an entry the side has applied is skipped however late its
 * duplicate comes; an entry is recorded only once applied, so a failure leaves it to be redelivered
 * and applied.
 */
class EnrollmentApplierTest {
  /** The apply side of a service, recording which entries reach it (and failing on demand). */
  private static final class RecordingApplication
      implements CommandApplication<Object, String, String> {
    final List<String> applied = new ArrayList<>();
    boolean failing;

    @Override
    public ApplyResult<String, String> apply(Object command, long sequence) {
      throw new UnsupportedOperationException("commands are not part of this test");
    }

    @Override
    public ApplyResult<String, String> applyEnrollment(EnrollmentChange change, long logSequence) {
      if (failing) {
        throw new DependencyUnavailableException("store", "down");
      }
      applied.add(change.kind() + "@" + logSequence);
      return new ApplyResult.Applied<>(change.courseId(), Set.of(change.studentId()));
    }
  }

  private final RecordingApplication application = new RecordingApplication();
  private final InMemoryEnrollmentInbox inbox = new InMemoryEnrollmentInbox();
  private final InMemoryOperationLog operations = new InMemoryOperationLog();
  private final EnrollmentApplier<String, String> applier =
      new EnrollmentApplier<>(
          application,
          new InMemoryReadCache<>(),
          inbox,
          operations,
          EnrollmentOutcome.Side.COURSES);

  private static final EnrollmentChange ADD =
      EnrollmentChange.add("c1", "s1", OperationId.random().toString());
  private static final EnrollmentChange REMOVE =
      EnrollmentChange.remove("c1", "s1", OperationId.random().toString());

  @Test
  void anEntryAppendedAgainAfterLaterEntries_isSkipped_andAcked() {
    applier.apply(TestDelivery.of(ADD, 5, "courses:op-1:ADD:c1:s1"));
    applier.apply(TestDelivery.of(REMOVE, 6, "courses:op-2:REMOVE:c1:s1"));

    TestDelivery<EnrollmentChange> lateDuplicate =
        TestDelivery.of(ADD, 900, "courses:op-1:ADD:c1:s1");
    applier.apply(lateDuplicate);

    assertThat(application.applied).containsExactly("ADD@5", "REMOVE@6");
    assertThat(lateDuplicate.acked()).isTrue();
  }

  @Test
  void anEntryWhoseApplyFailed_isNotRecorded_norAcked_andAppliesWhenRedelivered() {
    application.failing = true;
    TestDelivery<EnrollmentChange> first = TestDelivery.of(ADD, 5, "e1");
    assertThatThrownBy(() -> applier.apply(first))
        .isInstanceOf(DependencyUnavailableException.class);
    assertThat(first.acked()).isFalse();
    assertThat(inbox.contains("e1")).isFalse();

    application.failing = false;
    TestDelivery<EnrollmentChange> redelivered = TestDelivery.of(ADD, 5, "e1");
    applier.apply(redelivered);

    assertThat(application.applied).containsExactly("ADD@5");
    assertThat(redelivered.acked()).isTrue();
    assertThat(inbox.contains("e1")).isTrue();
  }

  /** An unenrollment follows its REMOVE: this side's verdict is recorded as the entry applies. */
  @Test
  void anUnenrollmentsRemove_recordsThisSidesVerdict() {
    OperationId id = OperationId.random();
    operations.recordOutcomeOnce(
        Operation.applied(id, "c1", Action.UNENROLL)
            .withRequestedEnrollments(List.of(EnrollmentChange.remove("c1", "s1", id.toString()))));

    applier.apply(
        TestDelivery.of(EnrollmentChange.remove("c1", "s1", id.toString()), 7, "e-remove"));

    EnrollmentOutcome removal = operations.find(id).orElseThrow().enrollments().getFirst();
    assertThat(removal.courses()).isEqualTo(EnrollmentOutcome.Verdict.KEPT);
    assertThat(removal.students()).isEqualTo(EnrollmentOutcome.Verdict.PENDING);
  }
}
