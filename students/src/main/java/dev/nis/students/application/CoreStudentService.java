package dev.nis.students.application;

import dev.nis.common.application.OperationLog;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.students.application.port.CommandQueue;
import dev.nis.students.application.port.CourseDirectory;
import dev.nis.students.application.port.StudentRepository;
import dev.nis.students.application.port.WriteStatus;
import dev.nis.students.domain.AcceptResult;
import dev.nis.students.domain.ApplyResult;
import dev.nis.students.domain.CourseId;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Rejections;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.domain.StudentId;
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

  public CoreStudentService(
      StudentRepository repository,
      CommandQueue queue,
      OperationLog operations,
      CourseDirectory courses) {
    this.repository = repository;
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
          case StudentCommand.Delete delete ->
              repository.findById(delete.studentId()).isEmpty()
                  ? Optional.of(new AcceptResult.Refused(Rejections.notFound(delete.studentId())))
                  : Optional.empty();
        };
    if (refused.isPresent()) {
      return refused.get();
    }
    operations.markPending(
        Operation.pending(command.operationId(), command.studentId().toString(), command.action()));
    queue.enqueue(command);
    return new AcceptResult.Accepted(command.operationId(), command.studentId());
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
    return switch (command) {
      case StudentCommand.Create create -> {
        Student student = new Student(create.studentId(), create.fields());
        WriteStatus status = repository.insert(student, sequence);
        yield outcome(status, student.id(), create.fields(), Set.copyOf(student.courseIds()));
      }
      case StudentCommand.Update update -> {
        Set<CourseId> touched = new HashSet<>(update.fields().courseIds());
        repository.findById(update.studentId()).ifPresent(s -> touched.addAll(s.courseIds()));
        WriteStatus status =
            repository.replace(new Student(update.studentId(), update.fields()), sequence);
        yield outcome(status, update.studentId(), update.fields(), touched);
      }
      case StudentCommand.Delete delete -> {
        Set<CourseId> touched = new HashSet<>();
        repository.findById(delete.studentId()).ifPresent(s -> touched.addAll(s.courseIds()));
        WriteStatus status = repository.delete(delete.studentId(), sequence);
        yield status == WriteStatus.MISSING
            ? new ApplyResult.Rejected(Rejections.notFound(delete.studentId()))
            : new ApplyResult.Applied(delete.studentId(), touched);
      }
    };
  }

  /** The outcome of a create or an update that wrote {@code fields}. */
  private static ApplyResult outcome(
      WriteStatus status, StudentId id, StudentFields fields, Set<CourseId> touched) {
    return switch (status) {
      case WRITTEN, ALREADY_APPLIED -> new ApplyResult.Applied(id, touched);
      case MISSING -> new ApplyResult.Rejected(Rejections.notFound(id));
      case DUPLICATE -> new ApplyResult.Rejected(Rejections.duplicateName(fields));
    };
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return operations.find(id);
  }
}
