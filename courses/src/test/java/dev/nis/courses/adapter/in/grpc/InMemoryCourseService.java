package dev.nis.courses.adapter.in.grpc;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.CourseService;
import dev.nis.courses.domain.AcceptResult;
import dev.nis.courses.domain.ApplyResult;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The read side of {@link CourseService} over a map, with a switch to make every read fail. */
final class InMemoryCourseService implements CourseService {
  private final TreeMap<CourseId, Course> courses = new TreeMap<>();
  private RuntimeException failure;
  PageRequest lastPageRequest;

  InMemoryCourseService with(Course... added) {
    for (Course course : added) {
      courses.put(course.id(), course);
    }
    return this;
  }

  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  @Override
  public Optional<Course> getCourse(CourseId id) {
    failIfAsked();
    return Optional.ofNullable(courses.get(id));
  }

  @Override
  public Page<Course> listCourses(PageRequest page) {
    failIfAsked();
    lastPageRequest = page;
    var after = page.afterId().map(CourseId::parse);
    List<Course> itemsPlusOne =
        (after.isPresent() ? courses.tailMap(after.get(), false) : courses)
            .values().stream().limit(page.limit() + 1L).toList();
    return Page.fromLookahead(itemsPlusOne, page.limit(), course -> course.id().value());
  }

  @Override
  public List<Course> listCoursesByStudent(StudentId studentId) {
    failIfAsked();
    return courses.values().stream()
        .filter(course -> course.studentIds().contains(studentId))
        .toList();
  }

  private void failIfAsked() {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    throw new UnsupportedOperationException("not a gRPC read");
  }

  @Override
  public AcceptResult accept(CourseCommand command) {
    throw new UnsupportedOperationException("not a gRPC read");
  }

  @Override
  public ApplyResult apply(CourseCommand command, long sequence) {
    throw new UnsupportedOperationException("not a gRPC read");
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    throw new UnsupportedOperationException("not a gRPC read");
  }

  @Override
  public dev.nis.courses.domain.ApplyResult applyEnrollment(
      dev.nis.common.domain.EnrollmentChange change, long logSequence) {
    throw new UnsupportedOperationException("the enrollment log is not an inbound adapter's");
  }
}
