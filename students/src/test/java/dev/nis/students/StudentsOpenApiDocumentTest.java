package dev.nis.students;

import dev.nis.common.contract.OpenApiDocumentContract;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpRouter;
import dev.nis.students.adapter.in.http.StudentRoutes;
import dev.nis.students.domain.StudentCapacity;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.testing.FakeStudentService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * students' OpenAPI document held to {@link StudentRoutes}, the event stream of {@link
 * StudentsApplication}, {@link StudentFields} and the caps.
 */
class StudentsOpenApiDocumentTest extends OpenApiDocumentContract {
  StudentsOpenApiDocumentTest() {
    super("students");
  }

  @Override
  protected HttpRouter serviceRoutes() {
    FakeStudentService fake = new FakeStudentService();
    // as StudentsApplication registers them: the entity's routes, then the event stream
    return new StudentRoutes(fake, fake)
        .registerOn(new HttpRouter())
        .get(
            StudentsApplication.EVENTS_PATH,
            request -> {
              throw new AssertionError("not served here");
            });
  }

  @Override
  protected String requestSchema() {
    return "StudentRequest";
  }

  @Override
  protected BiConsumer<String, String> domainFields() {
    return (field, value) -> {
      Map<String, String> body =
          new HashMap<>(Map.of("name", "Ada", "first_name", "Augusta", "last_name", "Lovelace"));
      body.put(field, value);
      new StudentFields(body.get("name"), body.get("first_name"), body.get("last_name"), List.of());
    };
  }

  @Override
  protected Map.Entry<String, Integer> relationCap() {
    return Map.entry("course_ids", StudentCapacity.MAX_COURSES);
  }

  @Override
  protected Map.Entry<String, String> validId() {
    return Map.entry(StudentId.next().toString(), "StudentId");
  }
}
