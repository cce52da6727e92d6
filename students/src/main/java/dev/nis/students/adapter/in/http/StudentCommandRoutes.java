package dev.nis.students.adapter.in.http;

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
import dev.nis.students.adapter.json.StudentJson;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.application.port.in.SubmitStudentCommands;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The queued mutations: POST, PUT and DELETE validate the request, hand a command to {@link
 * SubmitStudentCommands#accept} and answer 202 (or the outcome, with {@code Prefer: wait}). Nothing
 * is accepted when the request is bad, or when the full name is already a live student's (409).
 * With an {@code Idempotency-Key} the core accepts the request at most once per key.
 */
final class StudentCommandRoutes {
  private final SubmitStudentCommands commands;
  private final StudentQueries queries;
  private final QueuedMutationResponder responder;

  StudentCommandRoutes(
      SubmitStudentCommands commands, StudentQueries queries, OperationOutcomes outcomes) {
    this.commands = commands;
    this.queries = queries;
    this.responder =
        new QueuedMutationResponder(StudentRoutes.OPERATIONS_PATH, commands::operation, outcomes);
  }

  Response create(Request request) throws IOException {
    StudentFields fields = StudentJsonMapper.toFields(request.readJson(StudentRequest.class));
    return accept(
        request,
        StudentCommand.create(fields),
        id ->
            Response.data(HttpStatus.CREATED, StudentJson.toView(created(id, fields)))
                .withHeader("Location", StudentRoutes.BASE_PATH + "/" + id));
  }

  Response update(Request request) throws IOException {
    StudentId id = StudentRoutes.studentId(request);
    StudentFields fields = StudentJsonMapper.toFields(request.readJson(StudentRequest.class));
    return accept(
        request,
        StudentCommand.update(id, fields),
        studentId -> Response.data(HttpStatus.OK, StudentJson.toView(current(studentId, fields))));
  }

  /** PUT /api/students/{id}/courses/{course_id}: queues the enrollment (ADD on the log). */
  Response enroll(Request request) {
    StudentCommand command =
        StudentCommand.enroll(StudentRoutes.studentId(request), courseId(request));
    return acceptOnceSettled(request, command);
  }

  /** DELETE /api/students/{id}/courses/{course_id}: queues the unenrollment (REMOVE). */
  Response unenroll(Request request) {
    StudentCommand command =
        StudentCommand.unenroll(StudentRoutes.studentId(request), courseId(request));
    return acceptOnceSettled(request, command);
  }

  private static CourseId courseId(Request request) {
    return CourseId.parse("course_id", request.pathParam("course_id"));
  }

  Response delete(Request request) {
    StudentCommand command = StudentCommand.delete(StudentRoutes.studentId(request));
    return accept(request, command, id -> Response.empty(HttpStatus.NO_CONTENT));
  }

  /**
   * An enrollment's or unenrollment's answer with {@code Prefer: wait}: 204 once both services
   * applied it (an enrollment kept, an unenrollment removed), a 409 problem once one undid an
   * enrollment (QueuedMutationResponder#acceptAndRespondOnceSettled).
   */
  private Response acceptOnceSettled(Request request, StudentCommand command) {
    return responder.<StudentId>acceptAndRespondOnceSettled(
        request,
        command.operationId(),
        accepting(request, command),
        id -> Response.empty(HttpStatus.NO_CONTENT));
  }

  private Response accept(
      Request request, StudentCommand command, Function<StudentId, Response> whenApplied) {
    return responder.<StudentId>acceptAndRespond(
        request, command.operationId(), accepting(request, command), whenApplied);
  }

  /** The core's verdict on the command: once per key for a request with an Idempotency-Key. */
  private Supplier<AcceptResult<StudentId>> accepting(Request request, StudentCommand command) {
    Optional<IdempotentRequest> once = IdempotencyKeyHeader.read(request);
    return () -> once.isPresent() ? commands.accept(command, once.get()) : commands.accept(command);
  }

  /**
   * The student a create made, for its 201. Without courses that is the command's fields and
   * nothing else, so they are answered without reading the store back. On the courses side the
   * read-back was 10.6 % of the service's CPU under waiting creates, and without it they ran at
   * 1,685–2,011/s against 1,142–1,252/s (bench/analysis.md, 2026-12-05). With courses it is read
   * back, since the enrollment log adds them after the create is applied and the answer shows those
   * added by then.
   */
  private Student created(StudentId id, StudentFields fields) {
    return fields.courseIds().isEmpty() ? new Student(id, fields) : current(id, fields);
  }

  /** The student as applied; as the command wrote it if it has gone again since. */
  private Student current(StudentId id, StudentFields fields) {
    return queries.getStudent(id).orElseGet(() -> new Student(id, fields));
  }
}
