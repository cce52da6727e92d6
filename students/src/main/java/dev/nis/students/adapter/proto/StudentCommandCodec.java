package dev.nis.students.adapter.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.jetstream.PoisonMessageException;
import dev.nis.proto.v1.Delete;
import dev.nis.proto.v1.Enrollment;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;

/** Student commands to and from their protobuf form on the command stream. */
public final class StudentCommandCodec {
  private StudentCommandCodec() {}

  public static byte[] encode(StudentCommand command) {
    dev.nis.proto.v1.StudentCommand.Builder builder =
        dev.nis.proto.v1.StudentCommand.newBuilder()
            .setOperationId(command.operationId().toString())
            .setStudentId(command.studentId().toString());
    switch (command) {
      case StudentCommand.Create create -> builder.setCreate(fields(create.fields()));
      case StudentCommand.Update update -> builder.setUpdate(fields(update.fields()));
      case StudentCommand.Delete ignored -> builder.setDelete(Delete.getDefaultInstance());
      case StudentCommand.Enroll enroll -> builder.setEnroll(enrollment(enroll.courseId()));
      case StudentCommand.Unenroll unenroll -> builder.setUnenroll(enrollment(unenroll.courseId()));
    }
    return builder.build().toByteArray();
  }

  private static dev.nis.proto.v1.StudentFields fields(StudentFields fields) {
    return dev.nis.proto.v1.StudentFields.newBuilder()
        .setName(fields.name())
        .setFirstName(fields.firstName())
        .setLastName(fields.lastName())
        .addAllCourseIds(fields.courseIds().stream().map(CourseId::value).toList())
        .build();
  }

  /** Decodes a command; one that does not decode or validate can never apply: poison. */
  public static StudentCommand decode(byte[] data) {
    try {
      dev.nis.proto.v1.StudentCommand proto = dev.nis.proto.v1.StudentCommand.parseFrom(data);
      OperationId operationId = OperationId.parse(proto.getOperationId());
      StudentId studentId = StudentId.parse("student_id", proto.getStudentId());
      return switch (proto.getActionCase()) {
        case CREATE -> new StudentCommand.Create(operationId, studentId, fields(proto.getCreate()));
        case UPDATE -> new StudentCommand.Update(operationId, studentId, fields(proto.getUpdate()));
        case DELETE -> new StudentCommand.Delete(operationId, studentId);
        case ENROLL -> new StudentCommand.Enroll(operationId, studentId, course(proto.getEnroll()));
        case UNENROLL ->
            new StudentCommand.Unenroll(operationId, studentId, course(proto.getUnenroll()));
        case ACTION_NOT_SET -> throw new PoisonMessageException("command has no action", null);
      };
    } catch (InvalidProtocolBufferException | ValidationException e) {
      throw new PoisonMessageException("undecodable student command: " + e.getMessage(), e);
    }
  }

  private static StudentFields fields(dev.nis.proto.v1.StudentFields proto) {
    return new StudentFields(
        proto.getName(),
        proto.getFirstName(),
        proto.getLastName(),
        proto.getCourseIdsList().stream().map(id -> CourseId.parse("course_ids", id)).toList());
  }

  private static Enrollment enrollment(CourseId course) {
    return Enrollment.newBuilder().setOtherId(course.value()).build();
  }

  private static CourseId course(Enrollment enrollment) {
    return CourseId.parse("course_id", enrollment.getOtherId());
  }
}
