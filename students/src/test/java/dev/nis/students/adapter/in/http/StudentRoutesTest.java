package dev.nis.students.adapter.in.http;

import static dev.nis.common.http.HttpTestClient.json;
import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.adaFields;
import static dev.nis.students.testing.StudentFixtures.student;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.contract.QueuedMutationRoutesContract;
import dev.nis.common.contract.RoutesSpec;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpRouter;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.testing.FakeStudentService;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared HTTP-edge scenarios over {@link StudentRoutes}, described for students, and those only
 * students have: upper-case ids and the full-name rule.
 */
class StudentRoutesTest
    extends QueuedMutationRoutesContract<Student, StudentId, StudentCommand, FakeStudentService> {
  private static final CourseId ALGEBRA = aCourse();
  private static final Student ADA = new Student(StudentId.next(), adaFields(ALGEBRA));

  StudentRoutesTest() {
    super(
        RoutesSpec.at("/api/students", FakeStudentService::new)
            .entities(name -> student(name), Student::id, StudentId::next)
            .validBody(
                "{\"name\": \"adal\", \"first_name\": \"Ada\", \"last_name\": \"Lovelace\","
                    + " \"course_ids\": [\""
                    + ALGEBRA
                    + "\"]}",
                adaFields(ALGEBRA),
                "/first_name",
                "Ada",
                "/course_ids/0",
                ALGEBRA.value())
            .relatedIds("course_ids", 15, () -> aCourse().value(), "not-a-course-id")
            .texts(20, "name", "first_name", "last_name")
            .wrongTypes(Map.of("first_name", 42, "course_ids", ALGEBRA.value()))
            .refusing("age", 36, "name")
            .deletesWith(StudentCommand.Delete.class)
            .represents(
                ADA,
                "{\"data\":{\"id\":\""
                    + ADA.id()
                    + "\",\"name\":\"adal\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\","
                    + "\"course_ids\":[\""
                    + ALGEBRA
                    + "\"]}}")
            .related("/courses", StudentRoutesTest::relateAlgebra, StudentRoutesTest::algebraJson));
  }

  @Override
  protected HttpRouter routes(FakeStudentService fake) {
    return new StudentRoutes(fake, fake).registerOn(new HttpRouter());
  }

  private static void relateAlgebra(FakeStudentService fake, Student student) {
    EnrolledCourse algebra =
        new EnrolledCourse(
            ALGEBRA.value(),
            "Algebra",
            "Groups, rings and fields",
            "Mathematics",
            "Noether",
            List.of(student.id().toString()));
    fake.courses().put(student.id(), List.of(algebra));
  }

  private static String algebraJson(Student student) {
    return "{\"id\":\"%s\",\"name\":\"Algebra\",\"description\":\"Groups, rings and fields\",\"discipline\":\"Mathematics\",\"teacher\":\"Noether\",\"student_ids\":[\"%s\"]}"
        .formatted(ALGEBRA, student.id());
  }

  @Test
  void anUpperCaseId_findsTheStudent() {
    Student ada = stored(student("adal"));

    assertThat(client().get("/api/students/" + ada.id().toString().toUpperCase()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void creatingAStudentWhoseFullNameIsTaken_isA409AtOnce_andQueuesNothing() {
    stored(student("adal"));

    HttpResponse<String> response = post(validBody());

    assertProblem(response, 409);
    assertThat(json(response).get("detail").asText())
        .isEqualTo("a student named (adal, Ada, Lovelace) already exists");
    assertThat(fake().commands().accepted).isEmpty();
  }

  @Test
  void updatingToTheFullNameOfAnotherStudent_isA409AtOnce() {
    Student grace = stored(student("ghopper"));
    stored(student("adal"));

    assertProblem(put(grace.id(), validBody()), 409);
    assertThat(fake().commands().accepted).isEmpty();
  }
}
