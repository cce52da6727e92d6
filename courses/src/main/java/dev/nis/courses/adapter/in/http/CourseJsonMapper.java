package dev.nis.courses.adapter.in.http;

import dev.nis.common.domain.StudentId;
import dev.nis.common.http.StudentView;
import dev.nis.courses.domain.CourseFields;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;

/**
 * Hand-written mapping between the JSON records of this adapter and the domain; a course's own view
 * is {@link dev.nis.courses.adapter.json.CourseJson}'s.
 */
final class CourseJsonMapper {
  private CourseJsonMapper() {}

  /**
   * @throws dev.nis.common.domain.ValidationException naming the field that breaks a rule
   */
  static CourseFields toFields(CourseRequest body) {
    List<StudentId> studentIds =
        body.studentIds() == null
            ? List.of()
            : body.studentIds().stream().map(id -> StudentId.parse("student_ids", id)).toList();
    return new CourseFields(
        body.name(), body.description(), body.discipline(), body.teacher(), studentIds);
  }

  static StudentView toView(EnrolledStudent student) {
    return new StudentView(
        student.id(), student.name(), student.firstName(), student.lastName(), student.courseIds());
  }
}
