package dev.nis.students.adapter.in.http;

import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpStatus;
import dev.nis.common.http.PageQuery;
import dev.nis.common.http.PageView;
import dev.nis.common.http.Problem;
import dev.nis.common.http.ProblemException;
import dev.nis.common.http.Request;
import dev.nis.common.http.Response;
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

  Response list(Request request) {
    Page<Student> page = service.listStudents(PageQuery.from(request));
    return Response.json(
        HttpStatus.OK,
        new PageView<>(
            page.items().stream().map(StudentJsonMapper::toView).toList(),
            page.nextCursor().orElse(null)));
  }

  Response get(Request request) {
    StudentId id = StudentRoutes.studentId(request);
    Student student = service.getStudent(id).orElseThrow(() -> notFound(id));
    return Response.data(HttpStatus.OK, StudentJsonMapper.toView(student));
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
