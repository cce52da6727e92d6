package dev.nis.students.adapter.in.http;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.application.port.in.SubmitStudentCommands;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.domain.StudentRejections;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory {@link StudentQueries} and {@link SubmitStudentCommands}: refuses what the core
 * refuses (unknown student, a full name already taken), records every accepted command, and leaves
 * its operation pending unless the test says what happens on acceptance ({@link #onAccept}).
 */
final class FakeStudentService implements StudentQueries, SubmitStudentCommands {
  final Map<StudentId, Student> students = new ConcurrentSkipListMap<>();
  final Map<StudentId, List<EnrolledCourse>> courses = new ConcurrentHashMap<>();
  final Map<OperationId, Operation> operations = new ConcurrentHashMap<>();
  final List<StudentCommand> accepted = new CopyOnWriteArrayList<>();
  volatile boolean coursesServiceDown;
  volatile RuntimeException readFailure;
  private volatile Consumer<StudentCommand> onAccept = command -> {};

  Student add(Student student) {
    students.put(student.id(), student);
    return student;
  }

  /** What happens right after a command is accepted, e.g. {@code this::applyNow}. */
  void onAccept(Consumer<StudentCommand> reaction) {
    this.onAccept = reaction;
  }

  void applyNow(StudentCommand command) {
    switch (command) {
      case StudentCommand.Create create -> add(new Student(create.studentId(), create.fields()));
      case StudentCommand.Update update -> add(new Student(update.studentId(), update.fields()));
      case StudentCommand.Delete delete -> students.remove(delete.studentId());
      case StudentCommand.Enroll enroll -> {}
      case StudentCommand.Unenroll unenroll -> {}
    }
    record(
        Operation.applied(command.operationId(), command.studentId().toString(), command.action()));
  }

  void applyAfter(StudentCommand command, Duration delay) {
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Thread.sleep(delay);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              applyNow(command);
            });
  }

  void reject(StudentCommand command, Rejection rejection) {
    record(
        Operation.rejected(
            command.operationId(), command.studentId().toString(), command.action(), rejection));
  }

  void record(Operation operation) {
    operations.put(operation.id(), operation);
  }

  @Override
  public Optional<Student> getStudent(StudentId id) {
    failIfAsked();
    return Optional.ofNullable(students.get(id));
  }

  @Override
  public Page<Student> listStudents(PageRequest page) {
    failIfAsked();
    List<Student> after =
        students.values().stream()
            .filter(s -> page.afterId().map(id -> s.id().toString().compareTo(id) > 0).orElse(true))
            .limit(page.limit() + 1L)
            .toList();
    return Page.fromLookahead(after, page.limit(), s -> s.id().toString());
  }

  @Override
  public List<Student> listStudentsByCourse(CourseId courseId) {
    return students.values().stream().filter(s -> s.courseIds().contains(courseId)).toList();
  }

  @Override
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    if (coursesServiceDown) {
      throw new DependencyUnavailableException("courses", "connection refused");
    }
    if (!students.containsKey(id)) {
      return Optional.empty();
    }
    return Optional.of(courses.getOrDefault(id, List.of()));
  }

  @Override
  public AcceptResult<StudentId> accept(StudentCommand command) {
    if (!(command instanceof StudentCommand.Create) && !students.containsKey(command.studentId())) {
      return new AcceptResult.Refused<>(StudentRejections.notFound(command.studentId()));
    }
    Optional<StudentFields> fields =
        switch (command) {
          case StudentCommand.Create create -> Optional.of(create.fields());
          case StudentCommand.Update update -> Optional.of(update.fields());
          case StudentCommand.Delete ignored -> Optional.empty();
          case StudentCommand.Enroll ignored -> Optional.empty();
          case StudentCommand.Unenroll ignored -> Optional.empty();
        };
    if (fields.isPresent() && nameTakenBesides(command.studentId(), fields.get())) {
      return new AcceptResult.Refused<>(StudentRejections.duplicateName(fields.get()));
    }
    accepted.add(command);
    record(
        Operation.pending(command.operationId(), command.studentId().toString(), command.action()));
    onAccept.accept(command);
    return new AcceptResult.Accepted<>(command.operationId(), command.studentId());
  }

  private boolean nameTakenBesides(StudentId self, StudentFields fields) {
    return students.values().stream()
        .anyMatch(s -> !s.id().equals(self) && s.fields().sameFullName(fields));
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return Optional.ofNullable(operations.get(id));
  }

  private void failIfAsked() {
    if (readFailure != null) {
      throw readFailure;
    }
  }
}
