package dev.nis.courses.adapter.out.redis;

import static dev.nis.courses.testing.CourseFixtures.aCourse;
import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static dev.nis.courses.testing.CourseFixtures.algebra;
import static dev.nis.courses.testing.CourseFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.courses.adapter.proto.CourseProtoMapper;
import dev.nis.courses.domain.Course;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CourseCacheCodecTest {
  private static final RedisCourseCache CODEC = new RedisCourseCache();

  @Test
  void aCourse_survivesTheRoundTrip() throws InvalidProtocolBufferException {
    Course course = aCourse().withStudents(aStudent(), aStudent()).build();

    assertThat(CODEC.decode(CODEC.encode(course))).isEqualTo(course);
  }

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
  void aPage_keepsItsCursor() throws InvalidProtocolBufferException {
    Page<Course> page =
        new Page<>(List.of(algebra(), history()), Optional.of(PageRequest.encodeCursor("abc")));

    assertThat(CODEC.decodePage(CODEC.encodePage(page))).isEqualTo(page);
  }

  @Test
  void theLastPage_hasNoCursor() throws InvalidProtocolBufferException {
    Page<Course> last = new Page<>(List.of(algebra()), Optional.empty());

    assertThat(CODEC.decodePage(CODEC.encodePage(last)).nextCursor()).isEmpty();
  }

  @Test
  void coursesOfAStudent_surviveTheRoundTrip_evenWhenNone() throws InvalidProtocolBufferException {
    List<Course> courses = List.of(algebra(), history());

    assertThat(CODEC.decodeList(CODEC.encodeList(courses))).isEqualTo(courses);
    assertThat(CODEC.decodeList(CODEC.encodeList(List.of()))).isEmpty();
  }

  @Test
  void bytesThatAreNoCourse_areRejected() {
    byte[] garbage = {(byte) 0xff, 0x01, 0x02};

    assertThatThrownBy(() -> CODEC.decode(garbage))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void aCachedCourseThatBreaksTheRules_isRejected() {
    byte[] invalid =
        CourseProtoMapper.toProto(algebra()).toBuilder().setName("x").build().toByteArray();

    assertThatThrownBy(() -> CODEC.decode(invalid)).isInstanceOf(ValidationException.class);
  }
}
