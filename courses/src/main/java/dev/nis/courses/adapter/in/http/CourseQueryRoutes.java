package dev.nis.courses.adapter.in.http;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.http.HttpStatus;
import dev.nis.common.http.PageQuery;
import dev.nis.common.http.PageView;
import dev.nis.common.http.Problem;
import dev.nis.common.http.ProblemException;
import dev.nis.common.http.Request;
import dev.nis.common.http.Response;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;

/** The reads: the list of courses, one course, and the students of a course. */
final class CourseQueryRoutes {
  private final CourseQueries service;

  CourseQueryRoutes(CourseQueries service) {
    this.service = service;
  }

  Response list(Request request) {
    Page<Course> page = service.listCourses(PageQuery.from(request));
    return Response.json(
        HttpStatus.OK,
        new PageView<>(
            page.items().stream().map(CourseJsonMapper::toView).toList(),
            page.nextCursor().orElse(null)));
  }

  Response get(Request request) {
    CourseId id = CourseRoutes.courseId(request);
    Course course = service.getCourse(id).orElseThrow(() -> notFound(id));
    return Response.data(HttpStatus.OK, CourseJsonMapper.toView(course));
  }

  Response students(Request request) {
    CourseId id = CourseRoutes.courseId(request);
    List<EnrolledStudent> students = service.studentsOfCourse(id).orElseThrow(() -> notFound(id));
    return Response.data(HttpStatus.OK, students.stream().map(CourseJsonMapper::toView).toList());
  }

  static ProblemException notFound(CourseId id) {
    return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "there is no course " + id));
  }
}
