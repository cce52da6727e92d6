package dev.nis.courses.adapter.out.grpc;

import dev.nis.courses.domain.EnrolledStudent;
import dev.nis.proto.v1.Student;

/** The students service's {@code nis.v1.Student} message as the courses domain sees it. */
final class StudentProtoMapper {
  private StudentProtoMapper() {}

  static EnrolledStudent toDomain(Student student) {
    return new EnrolledStudent(
        student.getId(),
        student.getName(),
        student.getFirstName(),
        student.getLastName(),
        student.getCourseIdsList());
  }
}
