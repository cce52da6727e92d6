package dev.nis.courses.adapter.in.http;

import static dev.nis.courses.testing.CourseFixtures.aCourse;

import dev.nis.common.contract.QueuedMutationRoutesContract;
import dev.nis.common.contract.RoutesSpec;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpRouter;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseFields;
import dev.nis.courses.domain.EnrolledStudent;
import dev.nis.courses.testing.FakeCourseService;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The shared HTTP-edge scenarios over {@link CourseRoutes}, described for courses. */
class CourseRoutesTest
    extends QueuedMutationRoutesContract<Course, CourseId, CourseCommand, FakeCourseService> {
  private static final StudentId ADA = StudentId.parse("6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11");
  private static final CourseFields ALGEBRA =
      new CourseFields(
          "Algebra", "Groups, rings and fields", "Mathematics", "Noether", List.of(ADA));
  private static final Course INTRODUCTION =
      new Course(
          CourseId.next(),
          new CourseFields("Algebra", "An introduction", "Mathematics", "Noether", List.of(ADA)));

  CourseRoutesTest() {
    super(
        RoutesSpec.at("/api/courses", FakeCourseService::new)
            .entities(name -> aCourse().named(name).build(), Course::id, CourseId::next)
            .validBody(
                """
                {"name": "Algebra", "description": "Groups, rings and fields",
                 "discipline": "Mathematics", "teacher": "Noether",
                 "student_ids": ["6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11"]}
                """,
                ALGEBRA,
                "/name",
                "Algebra",
                "/description",
                "Groups, rings and fields")
            .relatedIds("student_ids", 60, () -> UUID.randomUUID().toString(), "not-a-uuid")
            .texts(200, "name", "description", "discipline", "teacher")
            .wrongTypes(Map.of("name", 42, "student_ids", ADA.toString()))
            .refusing("room", "B12", "description")
            .deletesWith(CourseCommand.Delete.class)
            .represents(
                INTRODUCTION,
                "{\"data\":{\"id\":\""
                    + INTRODUCTION.id()
                    + "\",\"name\":\"Algebra\",\"description\":\"An introduction\","
                    + "\"discipline\":\"Mathematics\",\"teacher\":\"Noether\","
                    + "\"student_ids\":[\""
                    + ADA
                    + "\"]}}")
            .related(
                "/students",
                (fake, course) ->
                    fake.students()
                        .put(
                            course.id(),
                            List.of(
                                new EnrolledStudent(
                                    ADA.toString(),
                                    "ada",
                                    "Ada",
                                    "Lovelace",
                                    List.of(course.id().value())))),
                course ->
                    "{\"id\":\""
                        + ADA
                        + "\",\"name\":\"ada\",\"first_name\":\"Ada\","
                        + "\"last_name\":\"Lovelace\",\"course_ids\":[\""
                        + course.id()
                        + "\"]}"));
  }

  @Override
  protected HttpRouter routes(FakeCourseService fake) {
    return new CourseRoutes(fake, fake).registerOn(new HttpRouter());
  }
}
