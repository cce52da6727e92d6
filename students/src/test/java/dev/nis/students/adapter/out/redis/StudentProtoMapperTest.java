package dev.nis.students.adapter.out.redis;

import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.aStudent;
import static dev.nis.students.testing.StudentFixtures.ada;
import static dev.nis.students.testing.StudentFixtures.student;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.ValidationException;
import dev.nis.students.domain.Student;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StudentProtoMapperTest {
  @Test
  void aStudent_survivesTheRoundTrip() throws InvalidProtocolBufferException {
    Student student = aStudent().inCourses(aCourse(), aCourse()).build();

    assertThat(StudentProtoMapper.student(StudentProtoMapper.studentBytes(student)))
        .isEqualTo(student);
  }

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
  void aPage_keepsItsCursor() throws InvalidProtocolBufferException {
    Page<Student> page =
        new Page<>(List.of(ada(), student("ghopper")), Optional.of(PageRequest.encodeCursor("a")));

    assertThat(StudentProtoMapper.page(StudentProtoMapper.pageBytes(page))).isEqualTo(page);
  }

  @Test
  void theLastPage_hasNoCursor() throws InvalidProtocolBufferException {
    Page<Student> last = new Page<>(List.of(ada()), Optional.empty());

    assertThat(StudentProtoMapper.page(StudentProtoMapper.pageBytes(last)).nextCursor()).isEmpty();
  }

  @Test
  void studentsOfACourse_surviveTheRoundTrip_evenWhenNone() throws InvalidProtocolBufferException {
    List<Student> students = List.of(ada(), student("ghopper"));

    assertThat(StudentProtoMapper.students(StudentProtoMapper.studentsBytes(students)))
        .isEqualTo(students);
    assertThat(StudentProtoMapper.students(StudentProtoMapper.studentsBytes(List.of()))).isEmpty();
  }

  @Test
  void bytesThatAreNoStudent_areRejected() {
    byte[] garbage = {(byte) 0xff, 0x01, 0x02};

    assertThatThrownBy(() -> StudentProtoMapper.student(garbage))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void aCachedStudentThatBreaksTheRules_isRejected() {
    byte[] invalid =
        StudentProtoMapper.toProto(ada()).toBuilder().setFirstName("x").build().toByteArray();

    assertThatThrownBy(() -> StudentProtoMapper.student(invalid))
        .isInstanceOf(ValidationException.class);
  }
}
