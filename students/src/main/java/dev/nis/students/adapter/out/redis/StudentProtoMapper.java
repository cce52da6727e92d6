package dev.nis.students.adapter.out.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.List;
import java.util.Optional;

/**
 * Cached values as protobuf bytes of the nis.v1 messages: a student as {@code Student}, a page or
 * the students of a course as {@code ListStudentsResponse}. Reading back validates like any input.
 */
final class StudentProtoMapper {
  private StudentProtoMapper() {}

  static byte[] studentBytes(Student student) {
    return toProto(student).toByteArray();
  }

  static Student student(byte[] bytes) throws InvalidProtocolBufferException {
    return fromProto(dev.nis.proto.v1.Student.parseFrom(bytes));
  }

  static byte[] pageBytes(Page<Student> page) {
    return ListStudentsResponse.newBuilder()
        .addAllStudents(page.items().stream().map(StudentProtoMapper::toProto).toList())
        .setNextCursor(page.nextCursor().orElse(""))
        .build()
        .toByteArray();
  }

  static Page<Student> page(byte[] bytes) throws InvalidProtocolBufferException {
    ListStudentsResponse response = ListStudentsResponse.parseFrom(bytes);
    String cursor = response.getNextCursor();
    return new Page<>(
        students(response), cursor.isEmpty() ? Optional.empty() : Optional.of(cursor));
  }

  static byte[] studentsBytes(List<Student> students) {
    return ListStudentsResponse.newBuilder()
        .addAllStudents(students.stream().map(StudentProtoMapper::toProto).toList())
        .build()
        .toByteArray();
  }

  static List<Student> students(byte[] bytes) throws InvalidProtocolBufferException {
    return students(ListStudentsResponse.parseFrom(bytes));
  }

  static dev.nis.proto.v1.Student toProto(Student student) {
    StudentFields fields = student.fields();
    return dev.nis.proto.v1.Student.newBuilder()
        .setId(student.id().toString())
        .setName(fields.name())
        .setFirstName(fields.firstName())
        .setLastName(fields.lastName())
        .addAllCourseIds(fields.courseIds().stream().map(CourseId::value).toList())
        .build();
  }

  static Student fromProto(dev.nis.proto.v1.Student proto) {
    List<CourseId> courseIds =
        proto.getCourseIdsList().stream().map(id -> CourseId.parse("course_ids", id)).toList();
    return new Student(
        StudentId.parse(proto.getId()),
        new StudentFields(proto.getName(), proto.getFirstName(), proto.getLastName(), courseIds));
  }

  private static List<Student> students(ListStudentsResponse response) {
    return response.getStudentsList().stream().map(StudentProtoMapper::fromProto).toList();
  }
}
