package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.proto.v1.EnrollmentVerdicts;
import dev.nis.proto.v1.OperationOutcome;
import dev.nis.proto.v1.Problem;
import java.time.Instant;
import java.util.Optional;

/** Maps an {@link Operation} to and from its protobuf form in the operations bucket. */
final class OperationCodec {
  private OperationCodec() {}

  static byte[] encode(Operation operation) {
    return encode(operation, false);
  }

  /**
   * @param verdictUpdate written by an enrollment side's verdict, not by the command's outcome
   */
  static byte[] encode(Operation operation, boolean verdictUpdate) {
    OperationOutcome.Builder builder =
        OperationOutcome.newBuilder()
            .setOperationId(operation.id().toString())
            .setState(OperationOutcome.State.valueOf(operation.state().name()))
            .setEntityId(operation.entityId())
            .setAction(operation.action().wireName())
            .setUpdatedAtMillis(operation.updatedAt().toEpochMilli())
            .setVerdictUpdate(verdictUpdate);
    for (EnrollmentOutcome e : operation.enrollments()) {
      builder.addEnrollments(
          EnrollmentVerdicts.newBuilder()
              .setCourseId(e.courseId())
              .setStudentId(e.studentId())
              .setCourses(verdict(e.courses()))
              .setStudents(verdict(e.students()))
              .setReason(e.reason())
              .setRemoval(e.kind() == EnrollmentChange.Kind.REMOVE));
    }
    operation
        .rejection()
        .ifPresent(
            r ->
                builder.setProblem(
                    Problem.newBuilder()
                        .setStatus(r.kind().status())
                        .setTitle(r.kind().title())
                        .setDetail(r.detail())));
    return builder.build().toByteArray();
  }

  static Operation decode(byte[] bytes) throws InvalidProtocolBufferException {
    OperationOutcome outcome = OperationOutcome.parseFrom(bytes);
    Optional<Rejection> rejection =
        outcome.hasProblem()
            ? Optional.of(
                new Rejection(
                    Rejection.Kind.ofStatus(outcome.getProblem().getStatus()),
                    outcome.getProblem().getDetail()))
            : Optional.empty();
    return new Operation(
        OperationId.parse(outcome.getOperationId()),
        Operation.State.valueOf(outcome.getState().name()),
        outcome.getEntityId(),
        Action.valueOf(outcome.getAction().toUpperCase(java.util.Locale.ROOT)),
        rejection,
        Instant.ofEpochMilli(outcome.getUpdatedAtMillis()),
        outcome.getEnrollmentsList().stream()
            .map(
                e ->
                    new EnrollmentOutcome(
                        e.getCourseId(),
                        e.getStudentId(),
                        verdict(e.getCourses()),
                        verdict(e.getStudents()),
                        e.getReason(),
                        e.getRemoval() ? EnrollmentChange.Kind.REMOVE : EnrollmentChange.Kind.ADD))
            .toList());
  }

  /** Whether the stored state was written by an enrollment side's verdict. */
  static boolean isVerdictUpdate(byte[] bytes) throws InvalidProtocolBufferException {
    return OperationOutcome.parseFrom(bytes).getVerdictUpdate();
  }

  private static EnrollmentVerdicts.Verdict verdict(EnrollmentOutcome.Verdict verdict) {
    return switch (verdict) {
      case PENDING -> EnrollmentVerdicts.Verdict.VERDICT_UNSPECIFIED;
      case KEPT -> EnrollmentVerdicts.Verdict.KEPT;
      case COMPENSATED -> EnrollmentVerdicts.Verdict.COMPENSATED;
    };
  }

  private static EnrollmentOutcome.Verdict verdict(EnrollmentVerdicts.Verdict verdict) {
    return switch (verdict) {
      case KEPT -> EnrollmentOutcome.Verdict.KEPT;
      case COMPENSATED -> EnrollmentOutcome.Verdict.COMPENSATED;
      case VERDICT_UNSPECIFIED, UNRECOGNIZED -> EnrollmentOutcome.Verdict.PENDING;
    };
  }
}
