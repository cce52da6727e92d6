package dev.nis.courses.adapter.in.http;

import dev.nis.common.application.Answer;
import dev.nis.common.application.WireFormat;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.http.HttpStatus;
import dev.nis.common.http.PageQuery;
import dev.nis.common.http.Problem;
import dev.nis.common.http.ProblemException;
import dev.nis.common.http.Request;
import dev.nis.common.http.Response;
import dev.nis.courses.adapter.json.CourseJson;
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

  /** A cached page is sent as stored; a page from the store is rendered as the cache keeps it. */
  Response list(Request request) {
    Answer<Page<Course>> page =
        Answer.await(service.listCourses(PageQuery.from(request), WireFormat.JSON));
    return Response.bytes(HttpStatus.OK, Response.JSON, page.bytes(CourseJson::pageBody));
  }

  /** A cached course is sent as stored; one from the store is rendered as the cache keeps it. */
  Response get(Request request) {
    CourseId id = CourseRoutes.courseId(request);
    Answer<Course> course =
        Answer.await(service.getCourse(id, WireFormat.JSON)).orElseThrow(() -> notFound(id));
    return Response.bytes(HttpStatus.OK, Response.JSON, course.bytes(CourseJson::body));
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
