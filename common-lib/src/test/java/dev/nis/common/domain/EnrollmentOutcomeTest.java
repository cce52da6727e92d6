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
}
