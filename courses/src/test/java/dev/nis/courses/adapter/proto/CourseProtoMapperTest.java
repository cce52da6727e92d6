package dev.nis.courses.adapter.proto;

import static dev.nis.courses.testing.CourseFixtures.aCourse;
import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static dev.nis.courses.testing.CourseFixtures.course;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.courses.domain.Course;
import org.junit.jupiter.api.Test;

class CourseProtoMapperTest {
  @Test
  void theProto_carriesEveryField() {
    StudentId student = aStudent();
    Course course = aCourse().withStudents(student).build();

    dev.nis.proto.v1.Course proto = CourseProtoMapper.toProto(course);

    assertThat(proto.getId()).isEqualTo(course.id().value());
    assertThat(proto.getName()).isEqualTo(course.fields().name());
    assertThat(proto.getDescription()).isEqualTo(course.fields().description());
    assertThat(proto.getDiscipline()).isEqualTo(course.fields().discipline());
    assertThat(proto.getTeacher()).isEqualTo(course.fields().teacher());
    assertThat(proto.getStudentIdsList()).containsExactly(student.toString());
  }

  @Test
  void course_survivesTheRoundTrip() {
    Course course = course("Physics", aStudent(), aStudent());

    dev.nis.proto.v1.Course message = CourseProtoMapper.toProto(course);

    assertThat(message.getId()).isEqualTo(course.id().value());
    assertThat(message.getStudentIdsList()).hasSize(2);
    assertThat(CourseProtoMapper.toDomain(message)).isEqualTo(course);
  }

  @Test
  void malformedStudentId_isAValidationFailureNamingTheField() {
    dev.nis.proto.v1.Course message =
        CourseProtoMapper.toProto(course("Physics")).toBuilder().addStudentIds("nope").build();

    assertThatThrownBy(() -> CourseProtoMapper.toDomain(message))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("student_ids"));
  }
}
