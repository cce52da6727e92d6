package dev.nis.common.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.EnrollmentOutcome.Side;
import dev.nis.common.domain.EnrollmentOutcome.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnrollmentOutcomeTest {
  private static final EnrollmentOutcome PENDING = EnrollmentOutcome.pending("c1", "s1");

  @Test
  void anEnrollmentOneSideKept_isStillPending() {
    assertThat(PENDING.withVerdict(Side.COURSES, Optional.empty()).status())
        .isEqualTo(Status.PENDING);
  }

  @Test
  void anEnrollmentBothSidesKept_isKept() {
    EnrollmentOutcome both =
        PENDING
            .withVerdict(Side.STUDENTS, Optional.empty())
            .withVerdict(Side.COURSES, Optional.empty());
    assertThat(both.status()).isEqualTo(Status.KEPT);
    assertThat(both.reason()).isEmpty();
  }

  @Test
  void anEnrollmentOneSideCompensated_isCompensatedAtOnce_withTheFirstReason() {
    EnrollmentOutcome compensated = PENDING.withVerdict(Side.COURSES, Optional.of("course full"));
    assertThat(compensated.status()).isEqualTo(Status.COMPENSATED);

    EnrollmentOutcome later = compensated.withVerdict(Side.STUDENTS, Optional.of("student gone"));
    assertThat(later.status()).isEqualTo(Status.COMPENSATED);
    assertThat(later.reason()).isEqualTo("course full");
  }

  @Test
  void anOperationIsSettled_onlyWhenAppliedAndNoEnrollmentIsPending() {
    OperationId id = OperationId.random();
    Operation applied =
        Operation.applied(id, "s1", Action.CREATE)
            .withRequestedEnrollments(
                List.of(
                    EnrollmentChange.add("c1", "s1", id.toString()),
                    EnrollmentChange.add("c2", "s1", id.toString())));
    assertThat(applied.settled()).isFalse();

    Operation oneDecided = applied.withVerdict("c1", "s1", Side.COURSES, Optional.of("gone"));
    assertThat(oneDecided.settled()).isFalse();

    Operation both =
        oneDecided
            .withVerdict("c2", "s1", Side.COURSES, Optional.empty())
            .withVerdict("c2", "s1", Side.STUDENTS, Optional.empty());
    assertThat(both.settled()).isTrue();
    assertThat(Operation.applied(id, "s1", Action.CREATE).settled()).isTrue();
    assertThat(Operation.pending(id, "s1", Action.CREATE).settled()).isFalse();
  }

  @Test
  void anOutcomeWrittenOverEarlierVerdicts_keepsThem() {
    OperationId id = OperationId.random();
    Operation pendingWithVerdict =
        Operation.pending(id, "s1", Action.CREATE)
            .withVerdict("c1", "s1", Side.COURSES, Optional.of("course c1 does not exist"));
    Operation outcome =
        Operation.applied(id, "s1", Action.CREATE)
            .withRequestedEnrollments(
                List.of(
                    EnrollmentChange.add("c1", "s1", id.toString()),
                    EnrollmentChange.add("c2", "s1", id.toString())));

    Operation merged = outcome.keepingVerdictsOf(pendingWithVerdict);

    assertThat(merged.state()).isEqualTo(Operation.State.APPLIED);
    assertThat(merged.enrollments())
        .extracting(EnrollmentOutcome::courseId, EnrollmentOutcome::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c1", Status.COMPENSATED),
            org.assertj.core.groups.Tuple.tuple("c2", Status.PENDING));
  }

  @Test
  void anUnenrollmentsRemove_isRemovedOnlyOnceBothSidesAppliedIt() {
    OperationId id = OperationId.random();
    Operation applied =
        Operation.applied(id, "c1", Action.UNENROLL)
            .withRequestedEnrollments(List.of(EnrollmentChange.remove("c1", "s1", id.toString())));
    assertThat(applied.enrollments())
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(EnrollmentChange.Kind.REMOVE));
    assertThat(applied.settled()).isFalse();

    Operation oneSide =
        applied.withVerdict(
            EnrollmentChange.Kind.REMOVE, "c1", "s1", Side.STUDENTS, Optional.empty());
    assertThat(oneSide.enrollments().getFirst().status()).isEqualTo(Status.PENDING);
    assertThat(oneSide.settled()).isFalse();

    Operation both =
        oneSide.withVerdict(
            EnrollmentChange.Kind.REMOVE, "c1", "s1", Side.COURSES, Optional.empty());
    assertThat(both.enrollments().getFirst().status()).isEqualTo(Status.REMOVED);
    assertThat(both.settled()).isTrue();
  }

  @Test
  void aRemovesVerdictRecordedBeforeTheUnenrollsOutcome_isARemovalToo() {
    OperationId id = OperationId.random();
    Operation recorded =
        Operation.pending(id, "c1", Action.UNENROLL)
            .withVerdict(EnrollmentChange.Kind.REMOVE, "c1", "s1", Side.COURSES, Optional.empty())
            .withVerdict(EnrollmentChange.Kind.REMOVE, "c1", "s1", Side.STUDENTS, Optional.empty());
    Operation outcome =
        Operation.applied(id, "c1", Action.UNENROLL)
            .withRequestedEnrollments(List.of(EnrollmentChange.remove("c1", "s1", id.toString())))
            .keepingVerdictsOf(recorded);
    assertThat(outcome.enrollments().getFirst().status()).isEqualTo(Status.REMOVED);
    assertThat(outcome.settled()).isTrue();
  }

  @Test
  void theRemovesOfAPutOrADelete_areNotFollowed_theirAddsAre() {
    OperationId id = OperationId.random();
    Operation put =
        Operation.applied(id, "c1", Action.UPDATE)
            .withRequestedEnrollments(
                List.of(
                    EnrollmentChange.add("c1", "s1", id.toString()),
                    EnrollmentChange.remove("c1", "s2", id.toString())));
    assertThat(put.enrollments()).extracting(EnrollmentOutcome::studentId).containsExactly("s1");
    assertThat(
            put.withVerdict(
                EnrollmentChange.Kind.REMOVE, "c1", "s2", Side.COURSES, Optional.empty()))
        .isSameAs(put);
    Operation delete = Operation.pending(id, "c1", Action.DELETE);
    assertThat(
            delete.withVerdict(
                EnrollmentChange.Kind.REMOVE, "c1", "s2", Side.STUDENTS, Optional.empty()))
        .isSameAs(delete);
  }
}
