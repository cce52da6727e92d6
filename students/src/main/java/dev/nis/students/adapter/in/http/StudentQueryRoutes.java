package dev.nis.students.adapter.in.http;

import dev.nis.common.application.Answer;
import dev.nis.common.application.WireFormat;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpStatus;
import dev.nis.common.http.PageQuery;
import dev.nis.common.http.Problem;
import dev.nis.common.http.ProblemException;
import dev.nis.common.http.Request;
import dev.nis.common.http.Response;
import dev.nis.students.adapter.json.StudentJson;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import java.util.List;

/** The reads: the list of students, one student, and the courses of a student. */
final class StudentQueryRoutes {
  private final StudentQueries service;

  StudentQueryRoutes(StudentQueries service) {
    this.service = service;
  }

  /** A cached page is sent as stored; a page from the store is rendered as the cache keeps it. */
  Response list(Request request) {
    Answer<Page<Student>> page =
        Answer.await(service.listStudents(PageQuery.from(request), WireFormat.JSON));
    return Response.bytes(HttpStatus.OK, Response.JSON, page.bytes(StudentJson::pageBody));
  }

  /** A cached student is sent as stored; one from the store is rendered as the cache keeps it. */
  Response get(Request request) {
    StudentId id = StudentRoutes.studentId(request);
    Answer<Student> student =
        Answer.await(service.getStudent(id, WireFormat.JSON)).orElseThrow(() -> notFound(id));
    return Response.bytes(HttpStatus.OK, Response.JSON, student.bytes(StudentJson::body));
  }

  Response courses(Request request) {
    StudentId id = StudentRoutes.studentId(request);
    List<EnrolledCourse> courses = service.coursesOfStudent(id).orElseThrow(() -> notFound(id));
    return Response.data(HttpStatus.OK, courses.stream().map(StudentJsonMapper::toView).toList());
  }

  static ProblemException notFound(StudentId id) {
    return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "there is no student " + id));
  }
}
