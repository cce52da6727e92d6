package dev.nis.students.application;

import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.aStudent;
import static dev.nis.students.testing.StudentFixtures.adaFields;
import static dev.nis.students.testing.StudentFixtures.graceFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.InMemoryOperationLog;
import dev.nis.common.testing.RecordingCommandQueue;
import dev.nis.common.testing.RecordingEnrollmentLog;
import dev.nis.students.application.port.out.StudentRepository;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreStudentServiceTest {
  private final StudentRepository repository = new InMemoryStudentRepository().asPort();
  private final RecordingCommandQueue<StudentCommand> queue = new RecordingCommandQueue<>();
  private final InMemoryOperationLog operations = new InMemoryOperationLog();
  private final List<EnrolledCourse> peerCourses =
      List.of(
          new EnrolledCourse(
              "0123456789abcdef01234567", "Algebra", "Rings", "Maths", "Noether", List.of()));
  private final RecordingEnrollmentLog log = new RecordingEnrollmentLog();
  private final CoreStudentService service =
      new CoreStudentService(repository, queue, operations, id -> peerCourses, log);

  /** Applies the command and then the enrollment log, as the two consumers would. */
  private ApplyResult applied(StudentCommand command, long sequence) {
    ApplyResult<StudentId, CourseId> result = service.apply(command, sequence);
    log.drainInto(service::applyEnrollment);
    return result;
  }

  private Student created(StudentCommand.Create create, long sequence) {
    applied(create, sequence);
    return service.getStudent(create.studentId()).orElseThrow();
  }

  private static void assertRefused(AcceptResult result, Rejection.Kind kind) {
    assertThat(result)
        .isInstanceOfSatisfying(
            AcceptResult.Refused.class, r -> assertThat(r.rejection().kind()).isEqualTo(kind));
  }

  private static void assertRejected(ApplyResult result, Rejection.Kind kind) {
    assertThat(result)
        .isInstanceOfSatisfying(
            ApplyResult.Rejected.class, r -> assertThat(r.rejection().kind()).isEqualTo(kind));
  }

  @Test
  void acceptedCreate_isQueuedAndPendingButNotYetStored() {
    StudentCommand.Create create = StudentCommand.create(adaFields());

    AcceptResult<StudentId> result = service.accept(create);

    assertThat(result)
        .isEqualTo(new AcceptResult.Accepted(create.operationId(), create.studentId()));
    assertThat(queue.queued).containsExactly(create);
    assertThat(service.operation(create.operationId()))
        .get()
        .extracting(Operation::state)
        .isEqualTo(Operation.State.PENDING);
    assertThat(service.getStudent(create.studentId())).isEmpty();
  }

  @Test
  void createWithTheFullNameOfALiveStudent_isRefusedAsConflictAndNothingIsQueued() {
    created(StudentCommand.create(adaFields()), 1);

    AcceptResult<StudentId> result = service.accept(StudentCommand.create(adaFields(aCourse())));

    assertRefused(result, Rejection.Kind.CONFLICT);
    assertThat(((AcceptResult.Refused) result).rejection().detail())
        .isEqualTo("a student named (adal, Ada, Lovelace) already exists");
    assertThat(queue.queued).isEmpty();
    assertThat(operations.size()).isZero();
  }

  @Test
  void createWithTheFullNameOfADeletedStudent_isAccepted() {
    Student ada = created(StudentCommand.create(adaFields()), 1);
    applied(StudentCommand.delete(ada.id()), 2);

    assertThat(service.accept(StudentCommand.create(adaFields())))
        .isInstanceOf(AcceptResult.Accepted.class);
  }

  @Test
  void updateKeepingItsOwnName_isAccepted_butTakingAnothersIsRefused() {
    Student ada = created(StudentCommand.create(adaFields()), 1);
    created(StudentCommand.create(graceFields()), 2);

    assertThat(service.accept(StudentCommand.update(ada.id(), adaFields(aCourse()))))
        .isInstanceOf(AcceptResult.Accepted.class);
    assertRefused(
        service.accept(StudentCommand.update(ada.id(), graceFields())), Rejection.Kind.CONFLICT);
    assertThat(queue.queued).hasSize(1);
  }

  @Test
  void updateOrDeleteOfUnknownStudent_isRefusedAsNotFoundAndNothingIsQueued() {
    assertRefused(
        service.accept(StudentCommand.update(StudentId.next(), adaFields())),
        Rejection.Kind.NOT_FOUND);
    assertRefused(
        service.accept(StudentCommand.delete(StudentId.next())), Rejection.Kind.NOT_FOUND);

    assertThat(queue.queued).isEmpty();
    assertThat(operations.size()).isZero();
  }

  @Test
  void queueDown_failsTheAcceptAsUnavailable() {
    queue.down = true;

    assertThatThrownBy(() -> service.accept(StudentCommand.create(adaFields())))
        .isInstanceOf(DependencyUnavailableException.class);
  }

  @Test
  void appliedCreate_isReadable() {
    StudentCommand.Create create = StudentCommand.create(adaFields(aCourse()));

    ApplyResult<StudentId, CourseId> result = applied(create, 1);

    assertThat(result)
        .isEqualTo(
            new ApplyResult.Applied(
                create.studentId(), java.util.Set.copyOf(create.fields().courseIds())));
    assertThat(service.getStudent(create.studentId()).orElseThrow().fields())
        .isEqualTo(create.fields());
  }

  @Test
  void twoCreatesOfOneFullName_acceptedBeforeEitherApplied_theSecondIsRejectedAsConflict() {
    StudentCommand.Create first = StudentCommand.create(adaFields());
    StudentCommand.Create second = StudentCommand.create(adaFields(aCourse()));
    service.accept(first);
    service.accept(second);

    assertThat(applied(first, 1)).isInstanceOf(ApplyResult.Applied.class);
    ApplyResult<StudentId, CourseId> result = applied(second, 2);

    assertRejected(result, Rejection.Kind.CONFLICT);
    assertThat(service.getStudent(second.studentId())).isEmpty();
  }

  @Test
  void updateToAFullNameTakenMeanwhile_isRejectedAsConflict_andChangesNothing() {
    Student ada = created(StudentCommand.create(adaFields()), 1);
    created(StudentCommand.create(graceFields()), 2);

    ApplyResult<StudentId, CourseId> result =
        applied(StudentCommand.update(ada.id(), graceFields()), 3);

    assertRejected(result, Rejection.Kind.CONFLICT);
    assertThat(service.getStudent(ada.id()).orElseThrow().fields()).isEqualTo(adaFields());
  }

  @Test
  void redeliveredUpdate_doesNotUndoALaterOne() {
    StudentCommand.Create create = StudentCommand.create(adaFields());
    created(create, 1);
    StudentCommand.Update first = StudentCommand.update(create.studentId(), graceFields());
    StudentCommand.Update second = StudentCommand.update(create.studentId(), adaFields(aCourse()));
    applied(first, 2);
    applied(second, 3);

    ApplyResult<StudentId, CourseId> redelivered = applied(first, 2);

    assertThat(redelivered).isInstanceOf(ApplyResult.Applied.class);
    assertThat(service.getStudent(create.studentId()).orElseThrow().fields())
        .isEqualTo(second.fields());
  }

  @Test
  void redeliveredCreate_changesNothing() {
    StudentCommand.Create create = StudentCommand.create(adaFields());
    created(create, 1);
    applied(StudentCommand.update(create.studentId(), graceFields()), 2);

    assertThat(applied(create, 1)).isInstanceOf(ApplyResult.Applied.class);

    assertThat(service.getStudent(create.studentId()).orElseThrow().fields())
        .isEqualTo(graceFields());
  }

  @Test
  void updateOfAStudentDeletedMeanwhile_isRejectedAsNotFound() {
    StudentCommand.Create create = StudentCommand.create(adaFields());
    created(create, 1);
    applied(StudentCommand.delete(create.studentId()), 2);

    assertRejected(
        applied(StudentCommand.update(create.studentId(), graceFields()), 3),
        Rejection.Kind.NOT_FOUND);
  }

  @Test
  void redeliveredDelete_isStillApplied_butASecondDeleteIsRejected() {
    StudentCommand.Create create = StudentCommand.create(adaFields());
    created(create, 1);
    StudentCommand.Delete delete = StudentCommand.delete(create.studentId());
    applied(delete, 2);

    assertThat(applied(delete, 2)).isInstanceOf(ApplyResult.Applied.class);
    assertRejected(applied(StudentCommand.delete(create.studentId()), 3), Rejection.Kind.NOT_FOUND);
    assertThat(service.getStudent(create.studentId())).isEmpty();
  }

  @Test
  void updateTouchesOldAndNewCourses_andDeleteTheLastOnes() {
    CourseId before = aCourse();
    CourseId after = aCourse();
    StudentCommand.Create create = StudentCommand.create(adaFields(before));
    created(create, 1);

    ApplyResult<StudentId, CourseId> updated =
        applied(StudentCommand.update(create.studentId(), adaFields(after)), 2);
    ApplyResult<StudentId, CourseId> deleted =
        applied(StudentCommand.delete(create.studentId()), 3);

    assertThat(((ApplyResult.Applied) updated).touched()).containsExactlyInAnyOrder(before, after);
    assertThat(((ApplyResult.Applied) deleted).touched()).containsExactly(after);
  }

  @Test
  void listsPageThroughEveryStudentOnce_inIdOrder() {
    for (int i = 0; i < 5; i++) {
      created(StudentCommand.create(aStudent().fields()), i + 1);
    }
    var first = service.listStudents(PageRequest.first(3));
    var second = service.listStudents(PageRequest.of(3, first.nextCursor().orElseThrow()));

    assertThat(first.items()).hasSize(3);
    assertThat(second.items()).hasSize(2);
    assertThat(second.nextCursor()).isEmpty();
    assertThat(first.items()).doesNotContainAnyElementsOf(second.items());
    assertThat(first.items().getLast().id()).isLessThan(second.items().getFirst().id());
  }

  @Test
  void studentsOfCourse_areThoseThatListTheCourse() {
    CourseId algebra = aCourse();
    Student inAlgebra = created(StudentCommand.create(adaFields(algebra)), 1);
    created(StudentCommand.create(graceFields(aCourse())), 2);

    assertThat(service.listStudentsByCourse(algebra)).containsExactly(inAlgebra);
    assertThat(service.listStudentsByCourse(aCourse())).isEmpty();
  }

  @Test
  void coursesOfStudent_askTheCoursesServiceOnlyForAnExistingStudent() {
    Student ada = created(StudentCommand.create(adaFields()), 1);

    assertThat(service.coursesOfStudent(ada.id())).contains(peerCourses);
    assertThat(service.coursesOfStudent(StudentId.next())).isEmpty();
  }

  @Test
  void coursesOfStudent_whileTheCoursesServiceIsDown_isUnavailable() {
    CoreStudentService withPeerDown =
        new CoreStudentService(
            repository,
            queue,
            operations,
            id -> {
              throw new DependencyUnavailableException("courses", "connection refused");
            },
            log);
    StudentFields fields = adaFields();
    Student ada = created(StudentCommand.create(fields), 1);

    assertThatThrownBy(() -> withPeerDown.coursesOfStudent(ada.id()))
        .isInstanceOf(DependencyUnavailableException.class);
  }
}
