package dev.nis.courses.adapter.in.grpc;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** {@link CourseQueries} over a map, with a switch to make every read fail. */
final class InMemoryCourseService implements CourseQueries {
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
}
