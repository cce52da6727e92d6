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
import dev.nis.students.adapter.proto.StudentProtoMapper;
import dev.nis.students.domain.Student;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StudentCacheCodecTest {
  private static final RedisStudentCache CODEC = new RedisStudentCache();

  @Test
  void aStudent_survivesTheRoundTrip() throws InvalidProtocolBufferException {
    Student student = aStudent().inCourses(aCourse(), aCourse()).build();

    assertThat(CODEC.decode(CODEC.encode(student))).isEqualTo(student);
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

    assertThat(CODEC.decodePage(CODEC.encodePage(page))).isEqualTo(page);
  }

  @Test
  void theLastPage_hasNoCursor() throws InvalidProtocolBufferException {
    Page<Student> last = new Page<>(List.of(ada()), Optional.empty());

    assertThat(CODEC.decodePage(CODEC.encodePage(last)).nextCursor()).isEmpty();
  }

  @Test
  void studentsOfACourse_surviveTheRoundTrip_evenWhenNone() throws InvalidProtocolBufferException {
    List<Student> students = List.of(ada(), student("ghopper"));

    assertThat(CODEC.decodeList(CODEC.encodeList(students))).isEqualTo(students);
    assertThat(CODEC.decodeList(CODEC.encodeList(List.of()))).isEmpty();
  }

  @Test
  void bytesThatAreNoStudent_areRejected() {
    byte[] garbage = {(byte) 0xff, 0x01, 0x02};

    assertThatThrownBy(() -> CODEC.decode(garbage))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void aCachedStudentThatBreaksTheRules_isRejected() {
    byte[] invalid =
        StudentProtoMapper.toProto(ada()).toBuilder().setFirstName("x").build().toByteArray();

    assertThatThrownBy(() -> CODEC.decode(invalid)).isInstanceOf(ValidationException.class);
  }
}
