package dev.nis.students.adapter.json;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.http.JsonCodec;
import dev.nis.common.http.PageView;
import dev.nis.common.http.StudentView;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.Collections;

/**
 * A student as the HTTP API sends it: its JSON view, and the response bodies of the reads, {@code
 * {"data":{...}}} and {@code {"data":[...],"next_cursor":...}}. Shared by the HTTP routes, which
 * send them, and the Redis cache, which stores them beside the protobuf, so that a cache hit sends
 * the bytes a miss would render.
 */
public final class StudentJson {
  /** The API's codec, as the HTTP server writes every other body. */
  private static final JsonCodec JSON = JsonCodec.standard();

  private StudentJson() {}

  public static StudentView toView(Student student) {
    StudentFields fields = student.fields();
    return new StudentView(
        student.id().toString(),
        fields.name(),
        fields.firstName(),
        fields.lastName(),
        fields.courseIds().stream().map(CourseId::value).toList());
  }

  /** The body of {@code GET /api/students/{id}}: {@code {"data":{...}}}. */
  public static byte[] body(Student student) {
    return JSON.write(Collections.singletonMap("data", toView(student)));
  }

  /**
   * The body of {@code GET /api/students}: {@code {"data":[...],"next_cursor":...}}, the cursor
   * null on the last page.
   */
  public static byte[] pageBody(Page<Student> page) {
    return JSON.write(
        new PageView<>(
            page.items().stream().map(StudentJson::toView).toList(),
            page.nextCursor().orElse(null)));
  }
}
