package dev.nis.students.adapter.proto;

import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.aStudent;
import static dev.nis.students.testing.StudentFixtures.student;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.ValidationException;
import dev.nis.students.domain.Student;
import org.junit.jupiter.api.Test;

class StudentProtoMapperTest {
  @Test
  void theProto_carriesEveryField() {
    CourseId course = aCourse();
    Student student = aStudent().inCourses(course).build();

    dev.nis.proto.v1.Student proto = StudentProtoMapper.toProto(student);

    assertThat(proto.getId()).isEqualTo(student.id().toString());
    assertThat(proto.getName()).isEqualTo(student.fields().name());
    assertThat(proto.getFirstName()).isEqualTo(student.fields().firstName());
    assertThat(proto.getLastName()).isEqualTo(student.fields().lastName());
    assertThat(proto.getCourseIdsList()).containsExactly(course.value());
  }

  @Test
  void student_survivesTheRoundTrip() {
    Student ada = student("adal", aCourse(), aCourse());

    dev.nis.proto.v1.Student message = StudentProtoMapper.toProto(ada);

    assertThat(message.getId()).isEqualTo(ada.id().toString());
    assertThat(message.getFirstName()).isEqualTo("Ada");
    assertThat(message.getLastName()).isEqualTo("Lovelace");
    assertThat(message.getCourseIdsList()).hasSize(2);
    assertThat(StudentProtoMapper.toDomain(message)).isEqualTo(ada);
  }

  @Test
  void malformedCourseId_isAValidationFailureNamingTheField() {
    dev.nis.proto.v1.Student message =
        StudentProtoMapper.toProto(student("adal")).toBuilder().addCourseIds("nope").build();

    assertThatThrownBy(() -> StudentProtoMapper.toDomain(message))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("course_ids"));
  }
}
