package dev.nis.courses.application;

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
import dev.nis.courses.application.port.in.ApplyCourseCommands;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.application.port.in.SubmitCourseCommands;
import dev.nis.courses.application.port.out.CourseRepository;
import dev.nis.courses.application.port.out.StudentDirectory;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCapacity;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseRejections;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The courses core: reads from the repository, checks and submits commands, applies them
 * idempotently. A command writes the course's own fields and appends its enrollment changes to the
 * log; the course's students change only when the log is applied ({@link #applyEnrollment}), in log
 * order, on both sides alike. Implements the three ports, one per kind of caller.
 */
public final class CoreCourseService
    implements CourseQueries, SubmitCourseCommands, ApplyCourseCommands {
  private final CourseRepository repository;
  private final CommandSubmitter<CourseCommand, CourseId> submitter;
  private final OperationLog operations;
  private final StudentDirectory students;
  private final EnrollmentLog enrollments;

  public CoreCourseService(
      CourseRepository repository,
      CommandQueue<CourseCommand> queue,
      OperationLog operations,
      IdempotencyStore idempotency,
      StudentDirectory students,
      EnrollmentLog enrollments) {
    this.repository = repository;
    this.enrollments = enrollments;
    this.submitter =
        new CommandSubmitter<>(
            operations,
            queue,
            idempotency,
            (command, operation, courseId) -> command.withIds(operation, CourseId.parse(courseId)));
    this.operations = operations;
    this.students = students;
  }

  @Override
  public Optional<Course> getCourse(CourseId id) {
    return repository.findById(id);
  }

  @Override
  public Page<Course> listCourses(PageRequest page) {
    return Page.fromLookahead(
        repository.findPage(page), page.limit(), course -> course.id().value());
  }

  @Override
  public List<Course> listCoursesByStudent(StudentId studentId) {
    return repository.findHolding(studentId);
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    if (repository.findById(id).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(students.studentsOfCourse(id));
  }

  @Override
  public AcceptResult<CourseId> accept(CourseCommand command) {
    Optional<Rejection> refusal = refusal(command);
    if (refusal.isPresent()) {
      return new AcceptResult.Refused<>(refusal.get());
    }
    return submitter.submit(command);
  }

  @Override
  public AcceptResult<CourseId> accept(CourseCommand command, IdempotentRequest request) {
    return submitter.submitOnce(command, request, this::refusal);
  }

  /**
   * Why the command is refused before anything is queued: no such course, or it is full. Reads the
   * course's students only, not its text, so that a course stored before the text rule with a text
   * it refuses can still be corrected by a PUT or deleted (EntityStore#findRelated).
   */
  private Optional<Rejection> refusal(CourseCommand command) {
    if (command instanceof CourseCommand.Create) {
      return Optional.empty();
    }
    Optional<List<StudentId>> students = repository.findRelated(command.courseId());
    if (students.isEmpty()) {
      return Optional.of(CourseRejections.notFound(command.courseId()));
    }
    if (command instanceof CourseCommand.Enroll enroll
        && CourseCapacity.STUDENTS.isFull(students.get(), enroll.studentId())) {
      return Optional.of(CourseCapacity.STUDENTS.refusal(command.courseId()));
    }
    return Optional.empty();
  }

  @Override
  public ApplyResult<CourseId, StudentId> apply(CourseCommand command, long sequence) {
    CourseId id = command.courseId();
    String op = command.operationId().toString();
    // read only by the commands that need the course as it was: a create goes straight to insert
    return switch (command) {
      case CourseCommand.Create create -> {
        repository.insert(
            new Course(id, create.fields().withoutStudents()),
            create.fields().studentIds(),
            sequence);
        yield enrolled(command, adds(id, create.fields().studentIds(), op));
      }
      case CourseCommand.Update update -> {
        // held or requested: an add of an earlier command of this course's may still be in the log
        List<StudentId> current = repository.relatedOrRequested(id);
        WriteStatus status =
            repository.replace(
                new Course(id, update.fields()), update.fields().studentIds(), sequence);
        if (status == WriteStatus.MISSING) {
          yield new ApplyResult.Rejected<>(CourseRejections.notFound(id));
        }
        if (status == WriteStatus.SUPERSEDED) {
          yield enrolled(command, List.of());
        }
        List<EnrollmentChange> changes =
            new ArrayList<>(adds(id, update.fields().studentIds(), op));
        current.stream()
            .filter(s -> !update.fields().studentIds().contains(s))
            .forEach(s -> changes.add(EnrollmentChange.remove(id.value(), s.toString(), op)));
        yield enrolled(command, changes);
      }
      case CourseCommand.Delete delete -> {
        if (repository.delete(id, sequence) == WriteStatus.MISSING) {
          yield new ApplyResult.Rejected<>(CourseRejections.notFound(id));
        }
        yield enrolled(
            command,
            repository.relatedOfDeleted(id).stream()
                .map(s -> EnrollmentChange.remove(id.value(), s.toString(), op))
                .toList());
      }
      case CourseCommand.Enroll enroll ->
          !repository.request(id, enroll.studentId(), sequence)
              ? new ApplyResult.Rejected<>(CourseRejections.notFound(id))
              : enrolled(command, adds(id, List.of(enroll.studentId()), op));
      case CourseCommand.Unenroll unenroll ->
          !repository.withdraw(id, unenroll.studentId(), sequence)
              ? new ApplyResult.Rejected<>(CourseRejections.notFound(id))
              : enrolled(
                  command,
                  List.of(
                      EnrollmentChange.remove(id.value(), unenroll.studentId().toString(), op)));
    };
  }

  private static List<EnrollmentChange> adds(CourseId id, List<StudentId> students, String op) {
    return students.stream().map(s -> EnrollmentChange.add(id.value(), s.toString(), op)).toList();
  }

  /**
   * Appends the command's enrollment changes (again, after a crash: the log drops what it already
   * has) and reports the command applied; its students follow through the log.
   */
  private ApplyResult<CourseId, StudentId> enrolled(
      CourseCommand command, List<EnrollmentChange> changes) {
    enrollments.append("courses:" + command.operationId(), changes);
    Set<StudentId> touched = new HashSet<>();
    changes.forEach(c -> touched.add(StudentId.parse("student_id", c.studentId())));
    return new ApplyResult.Applied<>(command.courseId(), touched, changes);
  }

  @Override
  public ApplyResult<CourseId, StudentId> applyEnrollment(
      EnrollmentChange change, long logSequence) {
    CourseId id = CourseId.parse(change.courseId());
    StudentId student = StudentId.parse("student_id", change.studentId());
    EnrollmentStatus status =
        switch (change.kind()) {
          case ADD -> repository.add(id, student, CourseCapacity.MAX_STUDENTS);
          case REMOVE -> repository.remove(id, student);
        };
    String reason =
        switch (status) {
          case MISSING -> CourseRejections.missingReason(id);
          case FULL -> CourseCapacity.STUDENTS.compensationReason(id);
          case CHANGED, UNCHANGED -> null;
        };
    if (reason == null) {
      return new ApplyResult.Applied<>(id, Set.of(student));
    }
    List<EnrollmentChange> compensation = List.of(change.compensation(reason));
    enrollments.append("courses:log:" + logSequence, compensation);
    return new ApplyResult.Applied<>(id, Set.of(student), compensation);
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    // the services share the operations bucket: the students service's operations are not this
    // one's
    return operations.find(id).filter(operation -> CourseId.isWellFormed(operation.entityId()));
  }
}
