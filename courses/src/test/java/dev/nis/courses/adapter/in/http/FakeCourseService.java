package dev.nis.courses.adapter.in.http;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.application.port.in.SubmitCourseCommands;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory {@link CourseQueries} and {@link SubmitCourseCommands}: records every accepted
 * command, and leaves its operation pending unless the test says what happens on acceptance ({@link
 * #onAccept}).
 */
final class FakeCourseService implements CourseQueries, SubmitCourseCommands {
  final Map<CourseId, Course> courses = new ConcurrentSkipListMap<>();
  final Map<CourseId, List<EnrolledStudent>> students = new ConcurrentHashMap<>();
  final Map<OperationId, Operation> operations = new ConcurrentHashMap<>();
  final List<CourseCommand> accepted = new CopyOnWriteArrayList<>();
  volatile boolean studentsServiceDown;
  volatile RuntimeException readFailure;
  private volatile Consumer<CourseCommand> onAccept = command -> {};

  Course add(Course course) {
    courses.put(course.id(), course);
    return course;
  }

  /** What happens right after a command is accepted, e.g. {@code this::applyNow}. */
  void onAccept(Consumer<CourseCommand> reaction) {
    this.onAccept = reaction;
  }

  void applyNow(CourseCommand command) {
    switch (command) {
      case CourseCommand.Create create -> add(new Course(create.courseId(), create.fields()));
      case CourseCommand.Update update -> add(new Course(update.courseId(), update.fields()));
      case CourseCommand.Delete delete -> courses.remove(delete.courseId());
      case CourseCommand.Enroll enroll -> {}
      case CourseCommand.Unenroll unenroll -> {}
    }
    record(Operation.applied(command.operationId(), command.courseId().value(), command.action()));
  }

  void applyAfter(CourseCommand command, Duration delay) {
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

  void reject(CourseCommand command, Rejection rejection) {
    record(
        Operation.rejected(
            command.operationId(), command.courseId().value(), command.action(), rejection));
  }

  void record(Operation operation) {
    operations.put(operation.id(), operation);
  }

  @Override
  public Optional<Course> getCourse(CourseId id) {
    failIfAsked();
    return Optional.ofNullable(courses.get(id));
  }

  @Override
  public Page<Course> listCourses(PageRequest page) {
    failIfAsked();
    List<Course> after =
        courses.values().stream()
            .filter(c -> page.afterId().map(id -> c.id().value().compareTo(id) > 0).orElse(true))
            .limit(page.limit() + 1L)
            .toList();
    return Page.fromLookahead(after, page.limit(), c -> c.id().value());
  }

  @Override
  public List<Course> listCoursesByStudent(StudentId studentId) {
    return courses.values().stream().filter(c -> c.studentIds().contains(studentId)).toList();
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    if (studentsServiceDown) {
      throw new DependencyUnavailableException("students", "connection refused");
    }
    if (!courses.containsKey(id)) {
      return Optional.empty();
    }
    return Optional.of(students.getOrDefault(id, List.of()));
  }

  @Override
  public AcceptResult<CourseId> accept(CourseCommand command) {
    if (!(command instanceof CourseCommand.Create) && !courses.containsKey(command.courseId())) {
      return new AcceptResult.Refused<>(
          Rejection.notFound("there is no course " + command.courseId()));
    }
    accepted.add(command);
    record(Operation.pending(command.operationId(), command.courseId().value(), command.action()));
    onAccept.accept(command);
    return new AcceptResult.Accepted<>(command.operationId(), command.courseId());
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
