package dev.nis.students.application;

import dev.nis.common.application.CommandSubmitter;
import dev.nis.common.application.port.out.CommandQueue;
import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.application.port.out.EnrollmentStatus;
import dev.nis.common.application.port.out.IdempotencyStore;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.application.port.out.WriteStatus;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.in.ApplyStudentCommands;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.application.port.in.SubmitStudentCommands;
import dev.nis.students.application.port.out.CourseDirectory;
import dev.nis.students.application.port.out.StudentRepository;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCapacity;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.domain.StudentRejections;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The students core: reads from the repository, checks and submits commands, applies them
 * idempotently. A command writes the student's own fields and appends its enrollment changes to the
 * log; the student's courses change only when the log is applied ({@link #applyEnrollment}), in log
 * order, on both sides alike. Implements the three ports, one per kind of caller.
 */
public final class CoreStudentService
    implements StudentQueries, SubmitStudentCommands, ApplyStudentCommands {
  private final StudentRepository repository;
  private final CommandSubmitter<StudentCommand, StudentId> submitter;
  private final OperationLog operations;
  private final CourseDirectory courses;
  private final EnrollmentLog enrollments;

  public CoreStudentService(
      StudentRepository repository,
      CommandQueue<StudentCommand> queue,
      OperationLog operations,
      IdempotencyStore idempotency,
      CourseDirectory courses,
      EnrollmentLog enrollments) {
    this.repository = repository;
    this.enrollments = enrollments;
    this.submitter =
        new CommandSubmitter<>(
            operations,
            queue,
            idempotency,
            (command, operation, studentId) ->
                command.withIds(operation, StudentId.parse(studentId)));
    this.operations = operations;
    this.courses = courses;
  }

  @Override
  public Optional<Student> getStudent(StudentId id) {
    return repository.findById(id);
  }

  @Override
  public Page<Student> listStudents(PageRequest page) {
    return Page.fromLookahead(
        repository.findPage(page), page.limit(), student -> student.id().toString());
  }

  @Override
  public List<Student> listStudentsByCourse(CourseId courseId) {
    return repository.findHolding(courseId);
  }

  @Override
  public Page<Student> storedStudents(PageRequest page) {
    return listStudents(page);
  }

  @Override
  public List<Student> storedStudents(List<StudentId> ids) {
    return ids.stream()
        .distinct()
        .sorted()
        .map(repository::findById)
        .flatMap(Optional::stream)
        .toList();
  }

  @Override
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    if (repository.findById(id).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(courses.coursesOfStudent(id));
  }

  @Override
  public AcceptResult<StudentId> accept(StudentCommand command) {
    Optional<Rejection> refusal = refusal(command);
    if (refusal.isPresent()) {
      return new AcceptResult.Refused<>(refusal.get());
    }
    return submitter.submit(command);
  }

  @Override
  public AcceptResult<StudentId> accept(StudentCommand command, IdempotentRequest request) {
    return submitter.submitOnce(command, request, this::refusal);
  }

  /**
   * Why the command is refused before anything is queued: no such student, the full name is a live
   * student's, or the student is full.
   */
  private Optional<Rejection> refusal(StudentCommand command) {
    return switch (command) {
      case StudentCommand.Create create -> nameTakenBesides(create.studentId(), create.fields());
      case StudentCommand.Update update ->
          missing(update.studentId())
              .or(() -> nameTakenBesides(update.studentId(), update.fields()));
      case StudentCommand.Delete delete -> missing(delete.studentId());
      case StudentCommand.Unenroll unenroll -> missing(unenroll.studentId());
      case StudentCommand.Enroll enroll ->
          missing(enroll.studentId()).or(() -> full(enroll.studentId(), enroll.courseId()));
    };
  }

  /**
   * Reads the student's courses only, not its text, so that a student stored before the text rule
   * with a text it refuses can still be corrected by a PUT or deleted (EntityStore#findRelated).
   */
  private Optional<Rejection> missing(StudentId id) {
    return repository.findRelated(id).isEmpty()
        ? Optional.of(StudentRejections.notFound(id))
        : Optional.empty();
  }

  /** A refusal at once when the student visibly holds the maximum of other courses. */
  private Optional<Rejection> full(StudentId id, CourseId joining) {
    return repository
        .findRelated(id)
        .filter(courses -> StudentCapacity.COURSES.isFull(courses, joining))
        .map(courses -> StudentCapacity.COURSES.refusal(id));
  }

  /** A refusal when a live student other than {@code self} already has the full name. */
  private Optional<Rejection> nameTakenBesides(StudentId self, StudentFields fields) {
    return repository
        .findByFullName(fields)
        .filter(holder -> !holder.id().equals(self))
        .map(holder -> StudentRejections.duplicateName(fields));
  }

  @Override
  public ApplyResult<StudentId, CourseId> apply(StudentCommand command, long sequence) {
    StudentId id = command.studentId();
    String op = command.operationId().toString();
    // read only by the commands that need the student as it was: a create goes straight to insert
    return switch (command) {
      case StudentCommand.Create create -> {
        WriteStatus status =
            repository.insert(
                new Student(id, create.fields().withoutCourses()),
                create.fields().courseIds(),
                sequence);
        yield status == WriteStatus.DUPLICATE
            ? new ApplyResult.Rejected<>(StudentRejections.duplicateName(create.fields()))
            : enrolled(command, adds(id, create.fields().courseIds(), op));
      }
      case StudentCommand.Update update -> {
        // held or requested: an add of an earlier command of this student's may still be in the log
        List<CourseId> current = repository.relatedOrRequested(id);
        WriteStatus status =
            repository.replace(
                new Student(id, update.fields()), update.fields().courseIds(), sequence);
        yield switch (status) {
          case MISSING -> new ApplyResult.Rejected<>(StudentRejections.notFound(id));
          case DUPLICATE ->
              new ApplyResult.Rejected<>(StudentRejections.duplicateName(update.fields()));
          case SUPERSEDED -> enrolled(command, List.of());
          case WRITTEN, ALREADY_APPLIED -> {
            List<EnrollmentChange> changes =
                new ArrayList<>(adds(id, update.fields().courseIds(), op));
            current.stream()
                .filter(c -> !update.fields().courseIds().contains(c))
                .forEach(c -> changes.add(EnrollmentChange.remove(c.value(), id.toString(), op)));
            yield enrolled(command, changes);
          }
        };
      }
      case StudentCommand.Delete delete ->
          repository.delete(id, sequence) == WriteStatus.MISSING
              ? new ApplyResult.Rejected<>(StudentRejections.notFound(id))
              : enrolled(
                  command,
                  repository.relatedOfDeleted(id).stream()
                      .map(c -> EnrollmentChange.remove(c.value(), id.toString(), op))
                      .toList());
      case StudentCommand.Enroll enroll ->
          !repository.request(id, enroll.courseId(), sequence)
              ? new ApplyResult.Rejected<>(StudentRejections.notFound(id))
              : enrolled(command, adds(id, List.of(enroll.courseId()), op));
      case StudentCommand.Unenroll unenroll ->
          !repository.withdraw(id, unenroll.courseId(), sequence)
              ? new ApplyResult.Rejected<>(StudentRejections.notFound(id))
              : enrolled(
                  command,
                  List.of(EnrollmentChange.remove(unenroll.courseId().value(), id.toString(), op)));
    };
  }

  private static List<EnrollmentChange> adds(StudentId id, List<CourseId> courses, String op) {
    return courses.stream().map(c -> EnrollmentChange.add(c.value(), id.toString(), op)).toList();
  }

  /**
   * Appends the command's enrollment changes (again, after a crash: the log drops what it already
   * has) and reports the command applied; its courses follow through the log.
   */
  private ApplyResult<StudentId, CourseId> enrolled(
      StudentCommand command, List<EnrollmentChange> changes) {
    enrollments.append("students:" + command.operationId(), changes);
    Set<CourseId> touched = new HashSet<>();
    changes.forEach(c -> touched.add(CourseId.parse("course_id", c.courseId())));
    return new ApplyResult.Applied<>(command.studentId(), touched, changes);
  }

  @Override
  public ApplyResult<StudentId, CourseId> applyEnrollment(
      EnrollmentChange change, long logSequence) {
    StudentId id = StudentId.parse("student_id", change.studentId());
    CourseId course = CourseId.parse("course_id", change.courseId());
    EnrollmentStatus status =
        switch (change.kind()) {
          case ADD -> repository.add(id, course, StudentCapacity.MAX_COURSES);
          case REMOVE -> repository.remove(id, course);
        };
    String reason =
        switch (status) {
          case MISSING -> StudentRejections.missingReason(id);
          case FULL -> StudentCapacity.COURSES.compensationReason(id);
          case CHANGED, UNCHANGED -> null;
        };
    if (reason == null) {
      return new ApplyResult.Applied<>(id, Set.of(course));
    }
    List<EnrollmentChange> compensation = List.of(change.compensation(reason));
    enrollments.append("students:log:" + logSequence, compensation);
    return new ApplyResult.Applied<>(id, Set.of(course), compensation);
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    // the services share the operations bucket: the courses service's operations are not this one's
    return operations.find(id).filter(operation -> StudentId.isWellFormed(operation.entityId()));
  }
}
