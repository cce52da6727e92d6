package dev.nis.courses.adapter.in.http;

import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpStatus;
import dev.nis.common.http.IdempotencyKeyHeader;
import dev.nis.common.http.QueuedMutationResponder;
import dev.nis.common.http.Request;
import dev.nis.common.http.Response;
import dev.nis.courses.adapter.json.CourseJson;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.application.port.in.SubmitCourseCommands;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseFields;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The queued mutations: POST, PUT and DELETE, and enrolling or unenrolling one student, validate
 * the request, hand a command to {@link SubmitCourseCommands#accept} and answer 202 (or the
 * outcome, with {@code Prefer: wait}). Nothing is accepted when the request is bad. With an {@code
 * Idempotency-Key} the core accepts the request at most once per key.
 */
final class CourseCommandRoutes {
  private final SubmitCourseCommands commands;
  private final CourseQueries queries;
  private final QueuedMutationResponder responder;

  CourseCommandRoutes(
      SubmitCourseCommands commands, CourseQueries queries, OperationOutcomes outcomes) {
    this.commands = commands;
    this.queries = queries;
    this.responder =
        new QueuedMutationResponder(CourseRoutes.OPERATIONS_PATH, commands::operation, outcomes);
  }

  Response create(Request request) throws IOException {
    CourseFields fields = CourseJsonMapper.toFields(request.readJson(CourseRequest.class));
    return accept(
        request,
        CourseCommand.create(fields),
        id ->
            Response.data(HttpStatus.CREATED, CourseJson.toView(created(id, fields)))
                .withHeader("Location", CourseRoutes.BASE_PATH + "/" + id));
  }

  Response update(Request request) throws IOException {
    CourseId id = CourseRoutes.courseId(request);
    CourseFields fields = CourseJsonMapper.toFields(request.readJson(CourseRequest.class));
    return accept(
        request,
        CourseCommand.update(id, fields),
        courseId -> Response.data(HttpStatus.OK, CourseJson.toView(current(courseId, fields))));
  }

  Response delete(Request request) {
    CourseCommand command = CourseCommand.delete(CourseRoutes.courseId(request));
    return accept(request, command, id -> Response.empty(HttpStatus.NO_CONTENT));
  }

  /** PUT /api/courses/{id}/students/{student_id}: queues the enrollment (ADD on the log). */
  Response enroll(Request request) {
    CourseCommand command =
        CourseCommand.enroll(CourseRoutes.courseId(request), studentId(request));
    return acceptOnceSettled(request, command);
  }

  /** DELETE /api/courses/{id}/students/{student_id}: queues the unenrollment (REMOVE). */
  Response unenroll(Request request) {
    CourseCommand command =
        CourseCommand.unenroll(CourseRoutes.courseId(request), studentId(request));
    return acceptOnceSettled(request, command);
  }

  private static StudentId studentId(Request request) {
    return StudentId.parse("student_id", request.pathParam("student_id"));
  }

  /**
   * An enrollment's or unenrollment's answer with {@code Prefer: wait}: 204 once both services
   * applied it (an enrollment kept, an unenrollment removed), a 409 problem once one undid an
   * enrollment (QueuedMutationResponder#acceptAndRespondOnceSettled).
   */
  private Response acceptOnceSettled(Request request, CourseCommand command) {
    return responder.<CourseId>acceptAndRespondOnceSettled(
        request,
        command.operationId(),
        accepting(request, command),
        id -> Response.empty(HttpStatus.NO_CONTENT));
  }

  private Response accept(
      Request request, CourseCommand command, Function<CourseId, Response> whenApplied) {
    return responder.<CourseId>acceptAndRespond(
        request, command.operationId(), accepting(request, command), whenApplied);
  }

  /** The core's verdict on the command: once per key for a request with an Idempotency-Key. */
  private Supplier<AcceptResult<CourseId>> accepting(Request request, CourseCommand command) {
    Optional<IdempotentRequest> once = IdempotencyKeyHeader.read(request);
    return () -> once.isPresent() ? commands.accept(command, once.get()) : commands.accept(command);
  }

  /**
   * The course a create made, for its 201. Without students that is the command's fields and
   * nothing else, so they are answered without reading the store back. On the courses side the
   * read-back was 10.6 % of the service's CPU under waiting creates, and without it they ran at
   * 1,685–2,011/s against 1,142–1,252/s (bench/analysis.md, 2026-12-05). With students it is read
   * back, since the enrollment log adds them after the create is applied and the answer shows those
   * added by then.
   */
  private Course created(CourseId id, CourseFields fields) {
    return fields.studentIds().isEmpty() ? new Course(id, fields) : current(id, fields);
  }

  /** The course as applied; as the command wrote it if it has gone again since. */
  private Course current(CourseId id, CourseFields fields) {
    return queries.getCourse(id).orElseGet(() -> new Course(id, fields));
  }
}
