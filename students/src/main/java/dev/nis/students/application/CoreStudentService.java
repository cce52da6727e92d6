package dev.nis.students.application;

import dev.nis.common.application.EnrollmentLog;
import dev.nis.common.application.OperationLog;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.CommandQueue;
import dev.nis.students.application.port.CourseDirectory;
import dev.nis.students.application.port.EnrollmentStatus;
import dev.nis.students.application.port.StudentRepository;
import dev.nis.students.application.port.WriteStatus;
import dev.nis.students.domain.AcceptResult;
import dev.nis.students.domain.ApplyResult;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Rejections;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The students core: reads from the repository, queues commands, applies them idempotently. */
public final class CoreStudentService implements StudentService {
  private final StudentRepository repository;
  private final CommandQueue queue;
  private final OperationLog operations;
  private final CourseDirectory courses;
  private final EnrollmentLog enrollments;

  public CoreStudentService(
      StudentRepository repository,
      CommandQueue queue,
      OperationLog operations,
      CourseDirectory courses,
      EnrollmentLog enrollments) {
    this.repository = repository;
    this.enrollments = enrollments;
    this.queue = queue;
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
    return repository.findByCourse(courseId);
  }

  @Override
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    if (repository.findById(id).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(courses.coursesOfStudent(id));
  }

  @Override
  public AcceptResult accept(StudentCommand command) {
    Optional<AcceptResult> refused =
        switch (command) {
          case StudentCommand.Create create ->
              nameTakenBesides(create.studentId(), create.fields());
          case StudentCommand.Update update ->
              repository.findById(update.studentId()).isEmpty()
                  ? Optional.of(new AcceptResult.Refused(Rejections.notFound(update.studentId())))
                  : nameTakenBesides(update.studentId(), update.fields());
          case StudentCommand.Delete delete -> refusedIfMissing(delete.studentId());
          case StudentCommand.Unenroll unenroll -> refusedIfMissing(unenroll.studentId());
          case StudentCommand.Enroll enroll ->
              refusedIfMissing(enroll.studentId())
                  .or(() -> refusedIfFull(enroll.studentId(), enroll.courseId()));
        };
    if (refused.isPresent()) {
      return refused.get();
    }
    operations.markPending(
        Operation.pending(command.operationId(), command.studentId().toString(), command.action()));
    queue.enqueue(command);
    return new AcceptResult.Accepted(command.operationId(), command.studentId());
  }

  private Optional<AcceptResult> refusedIfMissing(StudentId id) {
    return repository.findById(id).isEmpty()
        ? Optional.of(new AcceptResult.Refused(Rejections.notFound(id)))
        : Optional.empty();
  }

  /** A refusal at once when the student visibly holds the maximum of other courses. */
  private Optional<AcceptResult> refusedIfFull(StudentId id, CourseId joining) {
    return repository
        .findById(id)
        .filter(s -> s.courseIds().size() >= StudentFields.MAX_COURSES)
        .filter(s -> !s.courseIds().contains(joining))
        .map(
            s ->
                new AcceptResult.Refused(
                    Rejection.conflict(
                        "student "
                            + id
                            + " already has "
                            + StudentFields.MAX_COURSES
                            + " courses")));
  }

  /** A refusal when a live student other than {@code self} already has the full name. */
  private Optional<AcceptResult> nameTakenBesides(StudentId self, StudentFields fields) {
    return repository
        .findByFullName(fields)
        .filter(holder -> !holder.id().equals(self))
        .map(holder -> new AcceptResult.Refused(Rejections.duplicateName(fields)));
  }

  @Override
  public ApplyResult apply(StudentCommand command, long sequence) {
    StudentId id = command.studentId();
    String op = command.operationId().toString();
    Optional<Student> before = repository.findById(id);
    List<CourseId> current = before.map(Student::courseIds).orElse(List.of());
    return switch (command) {
      case StudentCommand.Create create -> {
        WriteStatus status =
            repository.insert(new Student(id, create.fields().withoutCourses()), sequence);
        yield status == WriteStatus.DUPLICATE
            ? new ApplyResult.Rejected(Rejections.duplicateName(create.fields()))
            : enrolled(command, adds(id, create.fields().courseIds(), op));
      }
      case StudentCommand.Update update -> {
        WriteStatus status = repository.replace(new Student(id, update.fields()), sequence);
        yield switch (status) {
          case MISSING -> new ApplyResult.Rejected(Rejections.notFound(id));
          case DUPLICATE -> new ApplyResult.Rejected(Rejections.duplicateName(update.fields()));
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
              ? new ApplyResult.Rejected(Rejections.notFound(id))
              : enrolled(
                  command,
                  repository.coursesOfDeleted(id).stream()
                      .map(c -> EnrollmentChange.remove(c.value(), id.toString(), op))
                      .toList());
      case StudentCommand.Enroll enroll ->
          before.isEmpty()
              ? new ApplyResult.Rejected(Rejections.notFound(id))
              : enrolled(command, adds(id, List.of(enroll.courseId()), op));
      case StudentCommand.Unenroll unenroll ->
          before.isEmpty()
              ? new ApplyResult.Rejected(Rejections.notFound(id))
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
  private ApplyResult enrolled(StudentCommand command, List<EnrollmentChange> changes) {
    enrollments.append("students:" + command.operationId(), changes);
    Set<CourseId> touched = new HashSet<>();
    changes.forEach(c -> touched.add(CourseId.parse("course_id", c.courseId())));
    return new ApplyResult.Applied(command.studentId(), touched);
  }

  @Override
  public ApplyResult applyEnrollment(EnrollmentChange change, long logSequence) {
    StudentId id = StudentId.parse("student_id", change.studentId());
    CourseId course = CourseId.parse("course_id", change.courseId());
    EnrollmentStatus status =
        switch (change.kind()) {
          case ADD -> repository.addCourse(id, course, logSequence, StudentFields.MAX_COURSES);
          case REMOVE -> repository.removeCourse(id, course, logSequence);
        };
    String reason =
        switch (status) {
          case STUDENT_MISSING -> "student " + id + " does not exist";
          case STUDENT_FULL -> "student " + id + " has " + StudentFields.MAX_COURSES + " courses";
          case CHANGED, UNCHANGED -> null;
        };
    if (reason != null) {
      enrollments.append("students:log:" + logSequence, List.of(change.compensation(reason)));
    }
    return new ApplyResult.Applied(id, Set.of(course));
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return operations.find(id);
  }
}
