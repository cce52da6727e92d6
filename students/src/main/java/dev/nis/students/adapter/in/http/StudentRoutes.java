package dev.nis.students.adapter.in.http;

import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.OperationRoutes;
import dev.nis.common.http.Request;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.application.port.in.SubmitStudentCommands;

/**
 * The HTTP inbound adapter of the students service: registers its routes on an {@link HttpRouter}.
 *
 * <ul>
 *   <li>{@code GET /api/students?limit=&cursor=}: 200 {@code {"data": [student...], "next_cursor":
 *       "..."}}; {@code next_cursor} sits at the top level beside {@code data} and is null on the
 *       last page; limit 1–1000, default 100.
 *   <li>{@code GET /api/students/{id}}: 200 / 404. {@code GET /api/students/{id}/courses}: 200 with
 *       the courses service's answer (over gRPC) / 404 / 503 when that service is down.
 *   <li>{@code POST /api/students}, {@code PUT /api/students/{id}}, {@code DELETE
 *       /api/students/{id}}: 202 {@code {"data": {"id", "operation_id", "status": "pending"}}} with
 *       {@code Location: /api/students/operations/{op_id}}; with {@code Prefer: wait=N} 201 / 200 /
 *       204 or the rejection's 404/409/422, or the 202 when N seconds run out. A full name (name,
 *       first_name, last_name) that a live student already has is a 409 at once.
 *   <li>{@code GET /api/students/operations/{op_id}}: the operation's state.
 *   <li>({@code GET /api/students/health}, {@code .../ready} and {@code /metrics} are added by the
 *       service runtime.)
 * </ul>
 *
 * <p>Errors are problem details: 400 naming the field, 404, 405, 409, 413, 415, 503 with
 * Retry-After.
 */
public final class StudentRoutes {
  static final String BASE_PATH = "/api/students";
  static final String OPERATIONS_PATH = BASE_PATH + "/operations";

  private final StudentQueries queries;
  private final SubmitStudentCommands commands;
  private final OperationOutcomes outcomes;

  /**
   * @param queries the reads, observed with {@code transport=http}
   * @param commands command submission, observed with {@code transport=http}
   */
  public StudentRoutes(StudentQueries queries, SubmitStudentCommands commands) {
    this(queries, commands, new OperationOutcomes());
  }

  /**
   * @param outcomes the outcomes this process records, which end a {@code Prefer: wait} at once
   */
  public StudentRoutes(
      StudentQueries queries, SubmitStudentCommands commands, OperationOutcomes outcomes) {
    this.queries = queries;
    this.commands = commands;
    this.outcomes = outcomes;
  }

  public HttpRouter registerOn(HttpRouter router) {
    StudentQueryRoutes reads = new StudentQueryRoutes(queries);
    StudentCommandRoutes writes = new StudentCommandRoutes(commands, queries, outcomes);
    router
        .get(BASE_PATH, reads::list)
        .post(BASE_PATH, writes::create)
        .get(BASE_PATH + "/{id}", reads::get)
        .put(BASE_PATH + "/{id}", writes::update)
        .delete(BASE_PATH + "/{id}", writes::delete)
        .get(BASE_PATH + "/{id}/courses", reads::courses)
        .put(BASE_PATH + "/{id}/courses/{course_id}", writes::enroll)
        .delete(BASE_PATH + "/{id}/courses/{course_id}", writes::unenroll);
    OperationRoutes.register(router, OPERATIONS_PATH, commands::operation);
    return router;
  }

  /** The {@code {id}} of the path; a malformed one is a 400 naming {@code id}. */
  static StudentId studentId(Request request) {
    return StudentId.parse(request.pathParam("id"));
  }
}
