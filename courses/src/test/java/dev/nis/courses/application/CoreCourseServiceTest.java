package dev.nis.courses.application;

import static dev.nis.courses.testing.CourseFixtures.COURSES;
import static dev.nis.courses.testing.CourseFixtures.COURSE_COMMANDS;
import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static dev.nis.courses.testing.CourseFixtures.algebraFields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.application.port.out.IdempotencyStore;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.contract.CoreServiceContract;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.RecordingCommandQueue;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCapacity;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared core scenarios over {@link CoreCourseService}, directly and through its read cache,
 * and the courses' own: the cap of a course and its compensation through the enrollment log.
 */
class CoreCourseServiceTest
    extends CoreServiceContract<Course, CourseId, StudentId, CourseCommand> {
  private static final List<EnrolledStudent> PEER_STUDENTS =
      List.of(new EnrolledStudent("s1", "ada", "Ada", "Lovelace", List.of()));

  private CoreCourseService service;

  CoreCourseServiceTest() {
    super(
        COURSES,
        COURSE_COMMANDS,
        CourseQueries.class,
        "get=getCourse, page=listCourses, holding=listCoursesByStudent, related=studentsOfCourse",
        PEER_STUDENTS);
  }

  @Override
  protected CoreCourseService newCore(
      RecordingCommandQueue<CourseCommand> queue,
      OperationLog operations,
      IdempotencyStore idempotency,
      EnrollmentLog log) {
    service =
        new CoreCourseService(
            new InMemoryCourseRepository().asPort(),
            queue,
            operations,
            idempotency,
            id -> PEER_STUDENTS,
            log);
    return service;
  }

  @Test
  void appliedCreate_isReadable() {
    CourseCommand.Create create = CourseCommand.create(algebraFields(aStudent()));

    ApplyResult<CourseId, StudentId> result = service.apply(create, 1);

    assertThat(result).isInstanceOf(ApplyResult.Applied.class);
    assertThat(service.getCourse(create.courseId()).orElseThrow().fields())
        .isEqualTo(create.fields().withoutStudents());
    log.drainInto((change, sequence, id) -> service.applyEnrollment(change, sequence));
    assertThat(service.getCourse(create.courseId()).orElseThrow().fields())
        .isEqualTo(create.fields());
  }

  @Test
  void enrollingIntoAFullCourse_isCompensatedThroughTheLog() {
    StudentId[] sixty = new StudentId[CourseCapacity.MAX_STUDENTS];
    for (int i = 0; i < sixty.length; i++) {
      sixty[i] = aStudent();
    }
    Course full = created(CourseCommand.create(algebraFields(sixty)), 1);
    StudentId late = aStudent();

    service.applyEnrollment(EnrollmentChange.add(full.id().value(), late.toString(), "op"), 100);

    assertThat(service.getCourse(full.id()).orElseThrow().studentIds())
        .hasSize(60)
        .doesNotContain(late);
    assertThat(log.entries.getLast())
        .isEqualTo(
            new EnrollmentChange(
                EnrollmentChange.Kind.REMOVE,
                full.id().value(),
                late.toString(),
                "",
                "course " + full.id() + " has 60 students",
                "op"));
  }

  @Test
  void enrollingIntoAFullCourse_isRefusedAtOnceWhenItIsAlreadyVisible() {
    StudentId[] sixty = new StudentId[CourseCapacity.MAX_STUDENTS];
    for (int i = 0; i < sixty.length; i++) {
      sixty[i] = aStudent();
    }
    Course full = created(CourseCommand.create(algebraFields(sixty)), 1);

    AcceptResult<CourseId> result = service.accept(CourseCommand.enroll(full.id(), aStudent()));

    assertThat(result)
        .isInstanceOfSatisfying(
            AcceptResult.Refused.class,
            r -> assertThat(r.rejection().kind()).isEqualTo(Rejection.Kind.CONFLICT));
  }

  @Test
  void enrollingIntoAMissingCourse_isCompensated() {
    CourseId missing = CourseId.next();
    StudentId student = aStudent();

    service.applyEnrollment(EnrollmentChange.add(missing.value(), student.toString(), "op"), 1);

    assertThat(log.entries)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(EnrollmentChange.Kind.REMOVE);
              assertThat(c.reason()).contains("does not exist");
            });
  }

  @Test
  void deletingACourse_removesEachOfItsStudentsThroughTheLog() {
    StudentId a = aStudent();
    StudentId b = aStudent();
    Course course = created(CourseCommand.create(algebraFields(a, b)), 1);

    applied(CourseCommand.delete(course.id()), 2);

    assertThat(log.entries)
        .filteredOn(c -> c.kind() == EnrollmentChange.Kind.REMOVE)
        .extracting(EnrollmentChange::studentId)
        .containsExactlyInAnyOrder(a.toString(), b.toString());
  }

  @Test
  void redeliveredCommand_appendsNothingNewToTheLog() {
    CourseCommand.Create create = CourseCommand.create(algebraFields(aStudent(), aStudent()));
    service.apply(create, 1);

    service.apply(create, 1);

    assertThat(log.entries).hasSize(2);
  }
}
