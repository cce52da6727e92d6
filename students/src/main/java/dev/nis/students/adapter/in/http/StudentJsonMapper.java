package dev.nis.students.adapter.in.http;

import dev.nis.common.domain.CourseId;
import dev.nis.common.http.CourseView;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.StudentFields;
import java.util.List;

/**
 * Hand-written mapping between the JSON records of this adapter and the domain; a student's own
 * view is {@link dev.nis.students.adapter.json.StudentJson}'s.
 */
final class StudentJsonMapper {
  private StudentJsonMapper() {}

  /**
   * @throws dev.nis.common.domain.ValidationException naming the field that breaks a rule
   */
  static StudentFields toFields(StudentRequest body) {
    List<CourseId> courseIds =
        body.courseIds() == null
            ? List.of()
            : body.courseIds().stream().map(id -> CourseId.parse("course_ids", id)).toList();
    return new StudentFields(body.name(), body.firstName(), body.lastName(), courseIds);
  }

  static CourseView toView(EnrolledCourse course) {
    return new CourseView(
        course.id(),
        course.name(),
        course.description(),
        course.discipline(),
        course.teacher(),
        course.studentIds());
  }
}
