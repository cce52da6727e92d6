package dev.nis.courses.application;

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
import dev.nis.courses.application.port.CommandQueue;
import dev.nis.courses.application.port.CourseRepository;
import dev.nis.courses.application.port.EnrollmentStatus;
import dev.nis.courses.application.port.StudentDirectory;
import dev.nis.courses.application.port.WriteStatus;
import dev.nis.courses.domain.AcceptResult;
import dev.nis.courses.domain.ApplyResult;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseFields;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The courses core: reads from the repository, queues commands, applies them idempotently. A
 * command writes the course's own fields and appends its enrollment changes to the log; the
 * course's students change only when the log is applied ({@link #applyEnrollment}), in log order,
 * on both sides alike.
 */
public final class CoreCourseService implements CourseService {
  private final CourseRepository repository;
  private final CommandQueue queue;
  private final OperationLog operations;
  private final StudentDirectory students;
  private final EnrollmentLog enrollments;

  public CoreCourseService(
      CourseRepository repository,
      CommandQueue queue,
      OperationLog operations,
      StudentDirectory students,
      EnrollmentLog enrollments) {
    this.repository = repository;
    this.enrollments = enrollments;
    this.queue = queue;
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
    return repository.findByStudent(studentId);
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    if (repository.findById(id).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(students.studentsOfCourse(id));
  }

  @Override
  public AcceptResult accept(CourseCommand command) {
    if (!(command instanceof CourseCommand.Create)) {
      Optional<Course> course = repository.findById(command.courseId());
      if (course.isEmpty()) {
        return new AcceptResult.Refused(notFound(command.courseId()));
      }
      if (command instanceof CourseCommand.Enroll enroll
          && isFull(course.get(), enroll.studentId())) {
        return new AcceptResult.Refused(
            Rejection.conflict(
                "course "
                    + command.courseId()
                    + " already has "
                    + CourseFields.MAX_STUDENTS
                    + " students"));
      }
    }
    operations.markPending(
        Operation.pending(command.operationId(), command.courseId().value(), command.action()));
    queue.enqueue(command);
    return new AcceptResult.Accepted(command.operationId(), command.courseId());
  }

  @Override
  public ApplyResult apply(CourseCommand command, long sequence) {
    CourseId id = command.courseId();
    String op = command.operationId().toString();
    Optional<Course> before = repository.findById(id);
    List<StudentId> current = before.map(Course::studentIds).orElse(List.of());
    return switch (command) {
      case CourseCommand.Create create -> {
        repository.insert(new Course(id, create.fields().withoutStudents()), sequence);
        yield enrolled(command, adds(id, create.fields().studentIds(), op));
      }
      case CourseCommand.Update update -> {
        WriteStatus status = repository.replace(new Course(id, update.fields()), sequence);
        if (status == WriteStatus.MISSING) {
          yield new ApplyResult.Rejected(notFound(id));
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
          yield new ApplyResult.Rejected(notFound(id));
        }
        yield enrolled(
            command,
            repository.studentsOfDeleted(id).stream()
                .map(s -> EnrollmentChange.remove(id.value(), s.toString(), op))
                .toList());
      }
      case CourseCommand.Enroll enroll ->
          before.isEmpty()
              ? new ApplyResult.Rejected(notFound(id))
              : enrolled(command, adds(id, List.of(enroll.studentId()), op));
      case CourseCommand.Unenroll unenroll ->
          before.isEmpty()
              ? new ApplyResult.Rejected(notFound(id))
              : enrolled(
                  command,
                  List.of(
                      EnrollmentChange.remove(id.value(), unenroll.studentId().toString(), op)));
    };
  }

  private static boolean isFull(Course course, StudentId joining) {
    return course.studentIds().size() >= CourseFields.MAX_STUDENTS
        && !course.studentIds().contains(joining);
  }

  private static List<EnrollmentChange> adds(CourseId id, List<StudentId> students, String op) {
    return students.stream().map(s -> EnrollmentChange.add(id.value(), s.toString(), op)).toList();
  }

  /**
   * Appends the command's enrollment changes (again, after a crash: the log drops what it already
   * has) and reports the command applied; its students follow through the log.
   */
  private ApplyResult enrolled(CourseCommand command, List<EnrollmentChange> changes) {
    enrollments.append("courses:" + command.operationId(), changes);
    Set<StudentId> touched = new HashSet<>();
    changes.forEach(c -> touched.add(StudentId.parse("student_id", c.studentId())));
    return new ApplyResult.Applied(command.courseId(), touched);
  }

  @Override
  public ApplyResult applyEnrollment(EnrollmentChange change, long logSequence) {
    CourseId id = CourseId.parse(change.courseId());
    StudentId student = StudentId.parse("student_id", change.studentId());
    EnrollmentStatus status =
        switch (change.kind()) {
          case ADD -> repository.addStudent(id, student, logSequence, CourseFields.MAX_STUDENTS);
          case REMOVE -> repository.removeStudent(id, student, logSequence);
        };
    String reason =
        switch (status) {
          case COURSE_MISSING -> "course " + id + " does not exist";
          case COURSE_FULL -> "course " + id + " has " + CourseFields.MAX_STUDENTS + " students";
          case CHANGED, UNCHANGED -> null;
        };
    if (reason != null) {
      enrollments.append("courses:log:" + logSequence, List.of(change.compensation(reason)));
    }
    return new ApplyResult.Applied(id, Set.of(student));
  }

  private static Rejection notFound(CourseId id) {
    return Rejection.notFound("course " + id + " does not exist");
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return operations.find(id);
  }
}
