package dev.nis.courses.adapter.out.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseFields;
import dev.nis.proto.v1.ListCoursesResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cached values as protobuf bytes of the nis.v1 messages: a course as {@code Course}, a page or the
 * courses of a student as {@code ListCoursesResponse}. Reading back validates like any input.
 */
final class CourseProtoMapper {
  private CourseProtoMapper() {}

  static byte[] courseBytes(Course course) {
    return toProto(course).toByteArray();
  }

  static Course course(byte[] bytes) throws InvalidProtocolBufferException {
    return fromProto(dev.nis.proto.v1.Course.parseFrom(bytes));
  }

  static byte[] pageBytes(Page<Course> page) {
    return ListCoursesResponse.newBuilder()
        .addAllCourses(page.items().stream().map(CourseProtoMapper::toProto).toList())
        .setNextCursor(page.nextCursor().orElse(""))
        .build()
        .toByteArray();
  }

  static Page<Course> page(byte[] bytes) throws InvalidProtocolBufferException {
    ListCoursesResponse response = ListCoursesResponse.parseFrom(bytes);
    String cursor = response.getNextCursor();
    return new Page<>(courses(response), cursor.isEmpty() ? Optional.empty() : Optional.of(cursor));
  }

  static byte[] coursesBytes(List<Course> courses) {
    return ListCoursesResponse.newBuilder()
        .addAllCourses(courses.stream().map(CourseProtoMapper::toProto).toList())
        .build()
        .toByteArray();
  }

  static List<Course> courses(byte[] bytes) throws InvalidProtocolBufferException {
    return courses(ListCoursesResponse.parseFrom(bytes));
  }

  static dev.nis.proto.v1.Course toProto(Course course) {
    CourseFields fields = course.fields();
    return dev.nis.proto.v1.Course.newBuilder()
        .setId(course.id().value())
        .setName(fields.name())
        .setDescription(fields.description())
        .setDiscipline(fields.discipline())
        .setTeacher(fields.teacher())
        .addAllStudentIds(fields.studentIds().stream().map(StudentId::toString).toList())
        .build();
  }

  static Course fromProto(dev.nis.proto.v1.Course proto) {
    List<StudentId> studentIds = new ArrayList<>();
    proto.getStudentIdsList().forEach(id -> studentIds.add(StudentId.parse("student_ids", id)));
    return new Course(
        new CourseId(proto.getId()),
        new CourseFields(
            proto.getName(),
            proto.getDescription(),
            proto.getDiscipline(),
            proto.getTeacher(),
            studentIds));
  }

  private static List<Course> courses(ListCoursesResponse response) {
    return response.getCoursesList().stream().map(CourseProtoMapper::fromProto).toList();
  }
}
