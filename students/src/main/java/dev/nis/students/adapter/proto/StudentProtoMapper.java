package dev.nis.students.adapter.proto;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.List;
import java.util.Optional;

/**
 * Domain {@link Student} to and from its {@code nis.v1.Student} message, and pages to and from
 * {@code ListStudentsResponse}: the one mapping that the gRPC adapter, the Redis cache and tests
 * share.
 */
public final class StudentProtoMapper {
  private StudentProtoMapper() {}

  public static dev.nis.proto.v1.Student toProto(Student student) {
    StudentFields fields = student.fields();
    return dev.nis.proto.v1.Student.newBuilder()
        .setId(student.id().toString())
        .setName(fields.name())
        .setFirstName(fields.firstName())
        .setLastName(fields.lastName())
        .addAllCourseIds(fields.courseIds().stream().map(CourseId::value).toList())
        .build();
  }

  /** The bytes of {@link #toProto}: a {@code GetStudent} answer, a cached student. */
  public static byte[] encode(Student student) {
    return toProto(student).toByteArray();
  }

  /** The bytes of {@link #toResponse(Page)}: a {@code ListStudents} answer, a cached page. */
  public static byte[] encodePage(Page<Student> page) {
    return toResponse(page).toByteArray();
  }

  /** The bytes of {@link #toResponse(List)}: a {@code ListStudentsByCourse} answer. */
  public static byte[] encodeList(List<Student> students) {
    return toResponse(students).toByteArray();
  }

  /** Validates as the domain does: a malformed message throws a ValidationException. */
  public static Student toDomain(dev.nis.proto.v1.Student message) {
    List<CourseId> courseIds =
        message.getCourseIdsList().stream().map(id -> CourseId.parse("course_ids", id)).toList();
    StudentFields fields =
        new StudentFields(
            message.getName(), message.getFirstName(), message.getLastName(), courseIds);
    return new Student(StudentId.parse(message.getId()), fields);
  }

  public static ListStudentsResponse toResponse(Page<Student> page) {
    return ListStudentsResponse.newBuilder()
        .addAllStudents(page.items().stream().map(StudentProtoMapper::toProto).toList())
        .setNextCursor(page.nextCursor().orElse(""))
        .build();
  }

  public static ListStudentsResponse toResponse(List<Student> students) {
    return ListStudentsResponse.newBuilder()
        .addAllStudents(students.stream().map(StudentProtoMapper::toProto).toList())
        .build();
  }

  /** A page back from its message; an empty cursor is the last page. */
  public static Page<Student> fromResponse(ListStudentsResponse response) {
    String cursor = response.getNextCursor();
    return new Page<>(
        response.getStudentsList().stream().map(StudentProtoMapper::toDomain).toList(),
        cursor.isEmpty() ? Optional.empty() : Optional.of(cursor));
  }
}
