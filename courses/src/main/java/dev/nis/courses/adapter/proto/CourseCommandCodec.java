package dev.nis.courses.adapter.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.jetstream.PoisonMessageException;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseFields;
import dev.nis.proto.v1.Delete;
import dev.nis.proto.v1.Enrollment;

/** Course commands to and from their protobuf form on the command stream. */
public final class CourseCommandCodec {
  private CourseCommandCodec() {}

  public static byte[] encode(CourseCommand command) {
    dev.nis.proto.v1.CourseCommand.Builder builder =
        dev.nis.proto.v1.CourseCommand.newBuilder()
            .setOperationId(command.operationId().toString())
            .setCourseId(command.courseId().value());
    switch (command) {
      case CourseCommand.Create create -> builder.setCreate(fields(create.fields()));
      case CourseCommand.Update update -> builder.setUpdate(fields(update.fields()));
      case CourseCommand.Delete ignored -> builder.setDelete(Delete.getDefaultInstance());
      case CourseCommand.Enroll enroll -> builder.setEnroll(enrollment(enroll.studentId()));
      case CourseCommand.Unenroll unenroll -> builder.setUnenroll(enrollment(unenroll.studentId()));
    }
    return builder.build().toByteArray();
  }

  private static Enrollment enrollment(StudentId student) {
    return Enrollment.newBuilder().setOtherId(student.toString()).build();
  }

  private static dev.nis.proto.v1.CourseFields fields(CourseFields fields) {
    return dev.nis.proto.v1.CourseFields.newBuilder()
        .setName(fields.name())
        .setDescription(fields.description())
        .setDiscipline(fields.discipline())
        .setTeacher(fields.teacher())
        .addAllStudentIds(fields.studentIds().stream().map(StudentId::toString).toList())
        .build();
  }

  /** Decodes a command; one that does not decode or validate can never apply: poison. */
  public static CourseCommand decode(byte[] data) {
    try {
      dev.nis.proto.v1.CourseCommand proto = dev.nis.proto.v1.CourseCommand.parseFrom(data);
      OperationId operationId = OperationId.parse(proto.getOperationId());
      CourseId courseId = CourseId.parse(proto.getCourseId());
      return switch (proto.getActionCase()) {
        case CREATE -> new CourseCommand.Create(operationId, courseId, fields(proto.getCreate()));
        case UPDATE -> new CourseCommand.Update(operationId, courseId, fields(proto.getUpdate()));
        case DELETE -> new CourseCommand.Delete(operationId, courseId);
        case ENROLL -> new CourseCommand.Enroll(operationId, courseId, student(proto.getEnroll()));
        case UNENROLL ->
            new CourseCommand.Unenroll(operationId, courseId, student(proto.getUnenroll()));
        case ACTION_NOT_SET -> throw new PoisonMessageException("command has no action", null);
      };
    } catch (InvalidProtocolBufferException | ValidationException e) {
      throw new PoisonMessageException("undecodable course command: " + e.getMessage(), e);
    }
  }

  private static StudentId student(Enrollment enrollment) {
    return StudentId.parse("student_id", enrollment.getOtherId());
  }

  private static CourseFields fields(dev.nis.proto.v1.CourseFields proto) {
    return new CourseFields(
        proto.getName(),
        proto.getDescription(),
        proto.getDiscipline(),
        proto.getTeacher(),
        proto.getStudentIdsList().stream().map(id -> StudentId.parse("student_ids", id)).toList());
  }
}
