package dev.nis.students.testing;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.AcceptedCommands;
import dev.nis.common.testing.InMemoryEntities;
import dev.nis.common.testing.ServiceFake;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.application.port.in.SubmitStudentCommands;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.domain.StudentRejections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The students service's inbound ports in memory, for the HTTP and gRPC adapter tests: students in
 * common-lib's {@link InMemoryEntities}, accepted commands in its {@link AcceptedCommands}, the
 * courses of a student as the courses service would answer them. Refuses what the core refuses: an
 * unknown student, a full name another student has.
 */
public record FakeStudentService(
    InMemoryEntities<Student, StudentId, CourseId> entities,
    AcceptedCommands<StudentId, StudentCommand> commands,
    Map<StudentId, List<EnrolledCourse>> courses,
    AtomicBoolean coursesServiceDown)
    implements StudentQueries,
        SubmitStudentCommands,
        ServiceFake<Student, StudentId, StudentCommand> {

  public FakeStudentService() {
    this(new InMemoryEntities<>(Student::id, Student::courseIds));
  }

  private FakeStudentService(InMemoryEntities<Student, StudentId, CourseId> students) {
    this(
        students,
        new AcceptedCommands<>(command -> apply(students, command)),
        new ConcurrentHashMap<>(),
        new AtomicBoolean());
  }

  private static void apply(InMemoryEntities<Student, StudentId, ?> students, StudentCommand c) {
    switch (c) {
      case StudentCommand.Create create ->
          students.add(new Student(c.studentId(), create.fields()));
      case StudentCommand.Update update ->
          students.add(new Student(c.studentId(), update.fields()));
      case StudentCommand.Delete delete -> students.remove(c.studentId());
      case StudentCommand.Enroll enroll -> {}
      case StudentCommand.Unenroll unenroll -> {}
    }
  }

  @Override
  public void peerServiceDown() {
    coursesServiceDown.set(true);
  }

  @Override
  public Optional<Student> getStudent(StudentId id) {
    return entities.get(id);
  }

  @Override
  public Page<Student> listStudents(PageRequest page) {
    return entities.page(page);
  }

  @Override
  public List<Student> listStudentsByCourse(CourseId courseId) {
    return entities.holding(courseId);
  }

  @Override
  public Page<Student> storedStudents(PageRequest page) {
    return entities.page(page);
  }

  @Override
  public List<Student> storedStudents(List<StudentId> ids) {
    return ids.stream().sorted().distinct().flatMap(id -> entities.get(id).stream()).toList();
  }

  @Override
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    if (coursesServiceDown.get()) {
      throw new DependencyUnavailableException("courses", "connection refused");
    }
    if (!entities.contains(id)) {
      return Optional.empty();
    }
    return Optional.of(courses.getOrDefault(id, List.of()));
  }

  @Override
  public AcceptResult<StudentId> accept(StudentCommand command) {
    return commands.accept(command, refusal(command));
  }

  private Optional<Rejection> refusal(StudentCommand command) {
    if (!(command instanceof StudentCommand.Create) && !entities.contains(command.studentId())) {
      return Optional.of(StudentRejections.notFound(command.studentId()));
    }
    Optional<StudentFields> fields =
        switch (command) {
          case StudentCommand.Create create -> Optional.of(create.fields());
          case StudentCommand.Update update -> Optional.of(update.fields());
          case StudentCommand.Delete ignored -> Optional.empty();
          case StudentCommand.Enroll ignored -> Optional.empty();
          case StudentCommand.Unenroll ignored -> Optional.empty();
        };
    return fields
        .filter(f -> nameTakenBesides(command.studentId(), f))
        .map(StudentRejections::duplicateName);
  }

  private boolean nameTakenBesides(StudentId self, StudentFields fields) {
    return entities.all().stream()
        .anyMatch(s -> !s.id().equals(self) && s.fields().sameFullName(fields));
  }

  @Override
  public AcceptResult<StudentId> accept(StudentCommand command, IdempotentRequest request) {
    return commands.accept(command, request, refusal(command));
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return commands.operation(id);
  }
}
