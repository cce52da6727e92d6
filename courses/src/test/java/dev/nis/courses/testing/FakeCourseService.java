package dev.nis.courses.testing;

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
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.application.port.in.SubmitCourseCommands;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The courses service's inbound ports in memory, for the HTTP and gRPC adapter tests: courses in
 * common-lib's {@link InMemoryEntities}, accepted commands in its {@link AcceptedCommands}, the
 * students of a course as the students service would answer them. Refuses an update or delete of an
 * unknown course, as the core does.
 */
public record FakeCourseService(
    InMemoryEntities<Course, CourseId, StudentId> entities,
    AcceptedCommands<CourseId, CourseCommand> commands,
    Map<CourseId, List<EnrolledStudent>> students,
    AtomicBoolean studentsServiceDown)
    implements CourseQueries, SubmitCourseCommands, ServiceFake<Course, CourseId, CourseCommand> {

  public FakeCourseService() {
    this(new InMemoryEntities<>(Course::id, Course::studentIds));
  }

  private FakeCourseService(InMemoryEntities<Course, CourseId, StudentId> courses) {
    this(
        courses,
        new AcceptedCommands<>(command -> apply(courses, command)),
        new ConcurrentHashMap<>(),
        new AtomicBoolean());
  }

  private static void apply(InMemoryEntities<Course, CourseId, ?> courses, CourseCommand command) {
    switch (command) {
      case CourseCommand.Create c -> courses.add(new Course(c.courseId(), c.fields()));
      case CourseCommand.Update u -> courses.add(new Course(u.courseId(), u.fields()));
      case CourseCommand.Delete delete -> courses.remove(delete.courseId());
      case CourseCommand.Enroll enroll -> {}
      case CourseCommand.Unenroll unenroll -> {}
    }
  }

  @Override
  public void peerServiceDown() {
    studentsServiceDown.set(true);
  }

  @Override
  public Optional<Course> getCourse(CourseId id) {
    return entities.get(id);
  }

  @Override
  public Page<Course> listCourses(PageRequest page) {
    return entities.page(page);
  }

  @Override
  public List<Course> listCoursesByStudent(StudentId studentId) {
    return entities.holding(studentId);
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    if (studentsServiceDown.get()) {
      throw new DependencyUnavailableException("students", "connection refused");
    }
    return entities.contains(id)
        ? Optional.of(students.getOrDefault(id, List.of()))
        : Optional.empty();
  }

  @Override
  public AcceptResult<CourseId> accept(CourseCommand command) {
    return commands.accept(command, refusal(command));
  }

  private Optional<Rejection> refusal(CourseCommand command) {
    boolean known =
        command instanceof CourseCommand.Create || entities.contains(command.courseId());
    return known
        ? Optional.empty()
        : Optional.of(Rejection.notFound("there is no course " + command.courseId()));
  }

  @Override
  public AcceptResult<CourseId> accept(CourseCommand command, IdempotentRequest request) {
    return commands.accept(command, request, refusal(command));
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return commands.operation(id);
  }
}
