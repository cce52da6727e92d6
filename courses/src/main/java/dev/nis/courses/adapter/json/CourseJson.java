package dev.nis.courses.adapter.json;

import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.CourseView;
import dev.nis.common.http.JsonCodec;
import dev.nis.common.http.PageView;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseFields;
import java.util.Collections;

/**
 * A course as the HTTP API sends it: its JSON view, and the response bodies of the reads, {@code
 * {"data":{...}}} and {@code {"data":[...],"next_cursor":...}}. Shared by the HTTP routes, which
 * send them, and the Redis cache, which stores them beside the protobuf, so that a cache hit sends
 * the bytes a miss would render.
 */
public final class CourseJson {
  /** The API's codec, as the HTTP server writes every other body. */
  private static final JsonCodec JSON = JsonCodec.standard();

  private CourseJson() {}

  public static CourseView toView(Course course) {
    CourseFields fields = course.fields();
    return new CourseView(
        course.id().value(),
        fields.name(),
        fields.description(),
        fields.discipline(),
        fields.teacher(),
        fields.studentIds().stream().map(StudentId::toString).toList());
  }

  /** The body of {@code GET /api/courses/{id}}: {@code {"data":{...}}}. */
  public static byte[] body(Course course) {
    return JSON.write(Collections.singletonMap("data", toView(course)));
  }

  /**
   * The body of {@code GET /api/courses}: {@code {"data":[...],"next_cursor":...}}, the cursor null
   * on the last page.
   */
  public static byte[] pageBody(Page<Course> page) {
    return JSON.write(
        new PageView<>(
            page.items().stream().map(CourseJson::toView).toList(),
            page.nextCursor().orElse(null)));
  }
}
