package dev.nis.students.application;

import static dev.nis.students.testing.StudentFixtures.STUDENTS;
import static dev.nis.students.testing.StudentFixtures.STUDENT_COMMANDS;
import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.adaFields;
import static dev.nis.students.testing.StudentFixtures.graceFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
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
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.application.port.out.StudentRepository;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared core scenarios over {@link CoreStudentService}, directly and through its read cache,
 * and the students' own: one live student per full name, and the courses service being down.
 */
class CoreStudentServiceTest
    extends CoreServiceContract<Student, StudentId, CourseId, StudentCommand> {
  private static final List<EnrolledCourse> PEER_COURSES =
      List.of(
          new EnrolledCourse(
              "0123456789abcdef01234567", "Algebra", "Rings", "Maths", "Noether", List.of()));

  private final StudentRepository repository = new InMemoryStudentRepository().asPort();
  private CoreStudentService service;

  CoreStudentServiceTest() {
    super(
        STUDENTS,
        STUDENT_COMMANDS,
        StudentQueries.class,
        "get=getStudent, page=listStudents, holding=listStudentsByCourse, related=coursesOfStudent",
        PEER_COURSES);
  }

  @Override
  protected CoreStudentService newCore(
      RecordingCommandQueue<StudentCommand> queue,
      OperationLog operations,
      IdempotencyStore idempotency,
      EnrollmentLog log) {
    service =
        new CoreStudentService(repository, queue, operations, idempotency, id -> PEER_COURSES, log);
    return service;
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
  void createWithTheFullNameOfALiveStudentSpelledAnotherWay_isRefusedAsConflict() {
    created(StudentCommand.create(new StudentFields("Zo\u00EB", "Ada", "Lovelace", List.of())), 1);

    AcceptResult<StudentId> result =
        service.accept(
            StudentCommand.create(new StudentFields(" Zoe\u0308", "Ada ", "Lovelace", List.of())));

    assertRefused(result, Rejection.Kind.CONFLICT);
    assertThat(queue.queued).isEmpty();
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
  void appliedCreate_isReadable() {
    StudentCommand.Create create = StudentCommand.create(adaFields(aCourse()));

    ApplyResult<StudentId, CourseId> result = applied(create, 1);

    assertThat(result)
        .isEqualTo(
            new ApplyResult.Applied(
                create.studentId(),
                java.util.Set.copyOf(create.fields().courseIds()),
                create.fields().courseIds().stream()
                    .map(
                        c ->
                            EnrollmentChange.add(
                                c.value(),
                                create.studentId().toString(),
                                create.operationId().toString()))
                    .toList()));
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
  void coursesOfStudent_whileTheCoursesServiceIsDown_isUnavailable() {
    CoreStudentService withPeerDown =
        new CoreStudentService(
            repository,
            queue,
            operations,
            idempotency,
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
