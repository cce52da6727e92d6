package dev.nis.courses.application;

import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static dev.nis.courses.testing.CourseFixtures.algebraFields;
import static dev.nis.courses.testing.CourseFixtures.historyFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.InMemoryOperationLog;
import dev.nis.common.testing.RecordingCommandQueue;
import dev.nis.common.testing.RecordingEnrollmentLog;
import dev.nis.courses.application.port.out.CourseRepository;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCapacity;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreCourseServiceTest {
  private final CourseRepository repository = new InMemoryCourseRepository().asPort();
  private final RecordingCommandQueue<CourseCommand> queue = new RecordingCommandQueue<>();
  private final InMemoryOperationLog operations = new InMemoryOperationLog();
  private final List<EnrolledStudent> peerStudents =
      List.of(new EnrolledStudent("s1", "ada", "Ada", "Lovelace", List.of()));
  private final RecordingEnrollmentLog log = new RecordingEnrollmentLog();
  private final CoreCourseService service =
      new CoreCourseService(repository, queue, operations, id -> peerStudents, log);

  /** Applies the command and then the enrollment log, as the two consumers would. */
  private ApplyResult applied(CourseCommand command, long sequence) {
    ApplyResult<CourseId, StudentId> result = service.apply(command, sequence);
    log.drainInto(service::applyEnrollment);
    return result;
  }

  private Course created(CourseCommand.Create create, long sequence) {
    applied(create, sequence);
    return service.getCourse(create.courseId()).orElseThrow();
  }

  @Test
  void acceptedCreate_isQueuedAndPendingButNotYetStored() {
    CourseCommand.Create create = CourseCommand.create(algebraFields());

    AcceptResult<CourseId> result = service.accept(create);

    assertThat(result)
        .isEqualTo(new AcceptResult.Accepted(create.operationId(), create.courseId()));
    assertThat(queue.queued).containsExactly(create);
    assertThat(service.operation(create.operationId()))
        .get()
        .extracting(Operation::state)
        .isEqualTo(Operation.State.PENDING);
    assertThat(service.getCourse(create.courseId())).isEmpty();
  }

  @Test
  void updateOfUnknownCourse_isRefusedAndNothingIsQueued() {
    CourseCommand.Update update = CourseCommand.update(CourseId.next(), algebraFields());

    AcceptResult<CourseId> result = service.accept(update);

    assertThat(result).isInstanceOf(AcceptResult.Refused.class);
    assertThat(((AcceptResult.Refused) result).rejection().kind())
        .isEqualTo(Rejection.Kind.NOT_FOUND);
    assertThat(queue.queued).isEmpty();
    assertThat(operations.size()).isZero();
  }

  @Test
  void queueDown_failsTheAcceptAsUnavailable() {
    queue.down = true;
    assertThatThrownBy(() -> service.accept(CourseCommand.create(algebraFields())))
        .isInstanceOf(DependencyUnavailableException.class);
  }

  @Test
  void appliedCreate_isReadable() {
    CourseCommand.Create create = CourseCommand.create(algebraFields(aStudent()));

    ApplyResult<CourseId, StudentId> result = service.apply(create, 1);

    assertThat(result).isInstanceOf(ApplyResult.Applied.class);
    assertThat(service.getCourse(create.courseId()).orElseThrow().fields())
        .isEqualTo(create.fields().withoutStudents());
    log.drainInto(service::applyEnrollment);
    assertThat(service.getCourse(create.courseId()).orElseThrow().fields())
        .isEqualTo(create.fields());
  }

  @Test
  void redeliveredUpdate_doesNotUndoALaterOne() {
    CourseCommand.Create create = CourseCommand.create(algebraFields());
    created(create, 1);
    CourseCommand.Update first = CourseCommand.update(create.courseId(), historyFields());
    CourseCommand.Update second =
        CourseCommand.update(create.courseId(), algebraFields(aStudent()));
    applied(first, 2);
    applied(second, 3);

    ApplyResult<CourseId, StudentId> redelivered = applied(first, 2);

    assertThat(redelivered).isInstanceOf(ApplyResult.Applied.class);
    assertThat(service.getCourse(create.courseId()).orElseThrow().fields())
        .isEqualTo(second.fields());
  }

  @Test
  void redeliveredCreate_changesNothing() {
    CourseCommand.Create create = CourseCommand.create(algebraFields());
    created(create, 1);
    service.apply(CourseCommand.update(create.courseId(), historyFields()), 2);

    service.apply(create, 1);

    assertThat(service.getCourse(create.courseId()).orElseThrow().fields())
        .isEqualTo(historyFields());
  }

  @Test
  void updateOfACourseDeletedMeanwhile_isRejectedAsNotFound() {
    CourseCommand.Create create = CourseCommand.create(algebraFields());
    created(create, 1);
    service.apply(CourseCommand.delete(create.courseId()), 2);

    ApplyResult<CourseId, StudentId> result =
        service.apply(CourseCommand.update(create.courseId(), historyFields()), 3);

    assertThat(result)
        .isInstanceOfSatisfying(
            ApplyResult.Rejected.class,
            r -> assertThat(r.rejection().kind()).isEqualTo(Rejection.Kind.NOT_FOUND));
  }

  @Test
  void redeliveredDelete_isStillApplied() {
    CourseCommand.Create create = CourseCommand.create(algebraFields());
    created(create, 1);
    CourseCommand.Delete delete = CourseCommand.delete(create.courseId());
    service.apply(delete, 2);

    assertThat(service.apply(delete, 2)).isInstanceOf(ApplyResult.Applied.class);
    assertThat(service.getCourse(create.courseId())).isEmpty();
  }

  @Test
  void secondDeleteOfTheSameCourse_isRejected() {
    CourseCommand.Create create = CourseCommand.create(algebraFields());
    created(create, 1);
    service.apply(CourseCommand.delete(create.courseId()), 2);

    assertThat(service.apply(CourseCommand.delete(create.courseId()), 3))
        .isInstanceOf(ApplyResult.Rejected.class);
  }

  @Test
  void updateTouchesOldAndNewStudents() {
    StudentId before = aStudent();
    StudentId after = aStudent();
    CourseCommand.Create create = CourseCommand.create(algebraFields(before));
    created(create, 1);

    ApplyResult<CourseId, StudentId> result =
        service.apply(CourseCommand.update(create.courseId(), algebraFields(after)), 2);

    assertThat(((ApplyResult.Applied) result).touched()).containsExactlyInAnyOrder(before, after);
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
                "course " + full.id() + " has 60 students"));
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

  @Test
  void redeliveredEnrollment_changesNothing() {
    Course course = created(CourseCommand.create(algebraFields()), 1);
    StudentId student = aStudent();
    service.applyEnrollment(EnrollmentChange.add(course.id().value(), student.toString(), "op"), 5);
    service.applyEnrollment(
        EnrollmentChange.remove(course.id().value(), student.toString(), "op"), 6);

    service.applyEnrollment(EnrollmentChange.add(course.id().value(), student.toString(), "op"), 5);

    assertThat(service.getCourse(course.id()).orElseThrow().studentIds()).doesNotContain(student);
  }

  @Test
  void listsPageThroughEveryCourseOnce() {
    for (int i = 0; i < 5; i++) {
      created(CourseCommand.create(algebraFields()), i + 1);
    }
    var first = service.listCourses(PageRequest.first(3));
    var second = service.listCourses(PageRequest.of(3, first.nextCursor().orElseThrow()));

    assertThat(first.items()).hasSize(3);
    assertThat(second.items()).hasSize(2);
    assertThat(second.nextCursor()).isEmpty();
    assertThat(first.items()).doesNotContainAnyElementsOf(second.items());
  }

  @Test
  void coursesOfStudent_areThoseThatListTheStudent() {
    StudentId s = aStudent();
    Course withS = created(CourseCommand.create(algebraFields(s)), 1);
    created(CourseCommand.create(historyFields()), 2);

    assertThat(service.listCoursesByStudent(s)).containsExactly(withS);
  }

  @Test
  void studentsOfCourse_askTheStudentsServiceOnlyForAnExistingCourse() {
    Course course = created(CourseCommand.create(algebraFields()), 1);

    assertThat(service.studentsOfCourse(course.id())).contains(peerStudents);
    assertThat(service.studentsOfCourse(CourseId.next())).isEmpty();
  }
}
