package dev.nis.courses.application;

import dev.nis.common.application.OperationLog;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.courses.application.port.CommandQueue;
import dev.nis.courses.application.port.CourseRepository;
import dev.nis.courses.application.port.StudentDirectory;
import dev.nis.courses.application.port.WriteStatus;
import dev.nis.courses.domain.AcceptResult;
import dev.nis.courses.domain.ApplyResult;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseId;
import dev.nis.courses.domain.EnrolledStudent;
import dev.nis.courses.domain.StudentId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The courses core: reads from the repository, queues commands, applies them idempotently. */
public final class CoreCourseService implements CourseService {
  private final CourseRepository repository;
  private final CommandQueue queue;
  private final OperationLog operations;
  private final StudentDirectory students;

  public CoreCourseService(
      CourseRepository repository,
      CommandQueue queue,
      OperationLog operations,
      StudentDirectory students) {
    this.repository = repository;
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
    if (!(command instanceof CourseCommand.Create)
        && repository.findById(command.courseId()).isEmpty()) {
      return new AcceptResult.Refused(notFound(command.courseId()));
    }
    operations.markPending(
        Operation.pending(command.operationId(), command.courseId().value(), command.action()));
    queue.enqueue(command);
    return new AcceptResult.Accepted(command.operationId(), command.courseId());
  }

  @Override
  public ApplyResult apply(CourseCommand command, long sequence) {
    return switch (command) {
      case CourseCommand.Create create -> {
        Course course = new Course(create.courseId(), create.fields());
        repository.insert(course, sequence);
        yield new ApplyResult.Applied(course.id(), Set.copyOf(course.studentIds()));
      }
      case CourseCommand.Update update -> {
        Set<StudentId> touched = new HashSet<>(update.fields().studentIds());
        repository.findById(update.courseId()).ifPresent(c -> touched.addAll(c.studentIds()));
        WriteStatus status =
            repository.replace(new Course(update.courseId(), update.fields()), sequence);
        yield outcome(status, update.courseId(), touched);
      }
      case CourseCommand.Delete delete -> {
        Set<StudentId> touched = new HashSet<>();
        repository.findById(delete.courseId()).ifPresent(c -> touched.addAll(c.studentIds()));
        yield outcome(repository.delete(delete.courseId(), sequence), delete.courseId(), touched);
      }
    };
  }

  private static ApplyResult outcome(WriteStatus status, CourseId id, Set<StudentId> touched) {
    return status == WriteStatus.MISSING
        ? new ApplyResult.Rejected(notFound(id))
        : new ApplyResult.Applied(id, touched);
  }

  private static Rejection notFound(CourseId id) {
    return Rejection.notFound("course " + id + " does not exist");
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return operations.find(id);
  }
}
