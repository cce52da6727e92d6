package dev.nis.courses.adapter.in.http;

import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.domain.CourseId;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.OperationRoutes;
import dev.nis.common.http.Request;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.application.port.in.SubmitCourseCommands;

/**
 * The HTTP inbound adapter of the courses service: registers its routes on an {@link HttpRouter}.
 *
 * <ul>
 *   <li>{@code GET /api/courses?limit=&cursor=}: 200 {@code {"data": [course...], "next_cursor":
 *       "..."}}; {@code next_cursor} sits at the top level beside {@code data} and is null on the
 *       last page; limit 1–1000, default 100.
 *   <li>{@code GET /api/courses/{id}}, {@code GET /api/courses/{id}/students}: 200 / 404.
 *   <li>{@code POST /api/courses}, {@code PUT /api/courses/{id}}, {@code DELETE /api/courses/{id}}:
 *       202 {@code {"data": {"id", "operation_id", "status": "pending"}}} with {@code Location:
 *       /api/courses/operations/{op_id}}; with {@code Prefer: wait=N} 201 / 200 / 204 or the
 *       rejection's 404/409/422, or the 202 when N seconds run out.
 *   <li>{@code PUT|DELETE /api/courses/{id}/students/{student_id}}: enroll or unenroll one student,
 *       queued like the others; 204 once applied with {@code Prefer: wait}.
 *   <li>{@code GET /api/courses/operations/{op_id}}: the operation's state.
 *   <li>({@code GET /api/courses/health}, {@code .../ready} and {@code /metrics} are added by the
 *       service runtime.)
 * </ul>
 *
 * <p>Errors are problem details: 400 naming the field, 404, 405, 413, 415, 503 with Retry-After.
 */
public final class CourseRoutes {
  static final String BASE_PATH = "/api/courses";
  static final String OPERATIONS_PATH = BASE_PATH + "/operations";

  private final CourseQueries queries;
  private final SubmitCourseCommands commands;
  private final OperationOutcomes outcomes;

  /**
   * @param queries the reads, observed with {@code transport=http}
   * @param commands command submission, observed with {@code transport=http}
   */
  public CourseRoutes(CourseQueries queries, SubmitCourseCommands commands) {
    this(queries, commands, new OperationOutcomes());
  }

  /**
   * @param outcomes the outcomes this process records, which end a {@code Prefer: wait} at once
   */
  public CourseRoutes(
      CourseQueries queries, SubmitCourseCommands commands, OperationOutcomes outcomes) {
    this.queries = queries;
    this.commands = commands;
    this.outcomes = outcomes;
  }

  public HttpRouter registerOn(HttpRouter router) {
    CourseQueryRoutes reads = new CourseQueryRoutes(queries);
    CourseCommandRoutes writes = new CourseCommandRoutes(commands, queries, outcomes);
    router
        .get(BASE_PATH, reads::list)
        .post(BASE_PATH, writes::create)
        .get(BASE_PATH + "/{id}", reads::get)
        .put(BASE_PATH + "/{id}", writes::update)
        .delete(BASE_PATH + "/{id}", writes::delete)
        .get(BASE_PATH + "/{id}/students", reads::students)
        .put(BASE_PATH + "/{id}/students/{student_id}", writes::enroll)
        .delete(BASE_PATH + "/{id}/students/{student_id}", writes::unenroll);
    OperationRoutes.register(router, OPERATIONS_PATH, commands::operation);
    return router;
  }

  /** The {@code {id}} of the path; a malformed one is a 400 naming {@code id}. */
  static CourseId courseId(Request request) {
    return CourseId.parse(request.pathParam("id"));
  }
}
