package dev.nis.courses.adapter.proto;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseFields;
import dev.nis.proto.v1.ListCoursesResponse;
import java.util.List;
import java.util.Optional;

/**
 * Domain {@link Course} to and from its {@code nis.v1.Course} message, and pages to and from {@code
 * ListCoursesResponse}: the one mapping that the gRPC adapter, the Redis cache and tests share.
 */
public final class CourseProtoMapper {
  private CourseProtoMapper() {}

  public static dev.nis.proto.v1.Course toProto(Course course) {
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

  /** The bytes of {@link #toProto}: a {@code GetCourse} answer, a cached course. */
  public static byte[] encode(Course course) {
    return toProto(course).toByteArray();
  }

  /** The bytes of {@link #toResponse(Page)}: a {@code ListCourses} answer, a cached page. */
  public static byte[] encodePage(Page<Course> page) {
    return toResponse(page).toByteArray();
  }

  /** The bytes of {@link #toResponse(List)}: a {@code ListCoursesByStudent} answer. */
  public static byte[] encodeList(List<Course> courses) {
    return toResponse(courses).toByteArray();
  }

  /** Validates as the domain does: a malformed message throws a ValidationException. */
  public static Course toDomain(dev.nis.proto.v1.Course message) {
    List<StudentId> studentIds =
        message.getStudentIdsList().stream().map(id -> StudentId.parse("student_ids", id)).toList();
    CourseFields fields =
        new CourseFields(
            message.getName(),
            message.getDescription(),
            message.getDiscipline(),
            message.getTeacher(),
            studentIds);
    return new Course(CourseId.parse(message.getId()), fields);
  }

  public static ListCoursesResponse toResponse(Page<Course> page) {
    return ListCoursesResponse.newBuilder()
        .addAllCourses(page.items().stream().map(CourseProtoMapper::toProto).toList())
        .setNextCursor(page.nextCursor().orElse(""))
        .build();
  }

  public static ListCoursesResponse toResponse(List<Course> courses) {
    return ListCoursesResponse.newBuilder()
        .addAllCourses(courses.stream().map(CourseProtoMapper::toProto).toList())
        .build();
  }

  /** A page back from its message; an empty cursor is the last page. */
  public static Page<Course> fromResponse(ListCoursesResponse response) {
    String cursor = response.getNextCursor();
    return new Page<>(
        response.getCoursesList().stream().map(CourseProtoMapper::toDomain).toList(),
        cursor.isEmpty() ? Optional.empty() : Optional.of(cursor));
  }
}
