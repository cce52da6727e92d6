package dev.nis.courses;

import dev.nis.common.contract.OpenApiDocumentContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.http.HttpRouter;
import dev.nis.courses.adapter.in.http.CourseRoutes;
import dev.nis.courses.domain.CourseCapacity;
import dev.nis.courses.domain.CourseFields;
import dev.nis.courses.testing.FakeCourseService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * courses' OpenAPI document held to {@link CourseRoutes}, the event stream of {@link
 * CoursesApplication}, {@link CourseFields} and the caps.
 */
class CoursesOpenApiDocumentTest extends OpenApiDocumentContract {
  CoursesOpenApiDocumentTest() {
    super("courses");
  }

  @Override
  protected HttpRouter serviceRoutes() {
    FakeCourseService fake = new FakeCourseService();
    // as CoursesApplication registers them: the entity's routes, then the event stream
    return new CourseRoutes(fake, fake)
        .registerOn(new HttpRouter())
        .get(
            CoursesApplication.EVENTS_PATH,
            request -> {
              throw new AssertionError("not served here");
            });
  }

  @Override
  protected String requestSchema() {
    return "CourseRequest";
  }

  @Override
  protected BiConsumer<String, String> domainFields() {
    return (field, value) -> {
      Map<String, String> body =
          new HashMap<>(
              Map.of(
                  "name", "Algebra",
                  "description", "Groups, rings and fields",
                  "discipline", "Mathematics",
                  "teacher", "Noether"));
      body.put(field, value);
      new CourseFields(
          body.get("name"),
          body.get("description"),
          body.get("discipline"),
          body.get("teacher"),
          List.of());
    };
  }

  @Override
  protected Map.Entry<String, Integer> relationCap() {
    return Map.entry("student_ids", CourseCapacity.MAX_STUDENTS);
  }

  @Override
  protected Map.Entry<String, String> validId() {
    return Map.entry(CourseId.next().value(), "CourseId");
  }
}
