package dev.nis.students.adapter.out.grpc;

import dev.nis.proto.v1.Course;
import dev.nis.students.domain.EnrolledCourse;

/** The courses service's {@code nis.v1.Course} message as the students domain sees it. */
final class CourseProtoMapper {
  private CourseProtoMapper() {}

  static EnrolledCourse toDomain(Course course) {
    return new EnrolledCourse(
        course.getId(),
        course.getName(),
        course.getDescription(),
        course.getDiscipline(),
        course.getTeacher(),
        course.getStudentIdsList());
  }
}
