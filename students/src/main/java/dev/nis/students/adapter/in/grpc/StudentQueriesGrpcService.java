package dev.nis.students.adapter.in.grpc;

import dev.nis.common.application.WireFormat;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.grpc.EncodedResponses;
import dev.nis.common.grpc.UnaryAnswer;
import dev.nis.proto.v1.GetStudentRequest;
import dev.nis.proto.v1.ListStoredStudentsRequest;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.ListStudentsRequest;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.students.adapter.proto.StudentProtoMapper;
import dev.nis.students.application.port.in.StudentQueries;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The {@code nis.v1.StudentQueries} reads over the {@link StudentQueries} port. Requests become
 * domain values here (so malformed ids fail as INVALID_ARGUMENT naming the field), and every
 * failure becomes a status here and nowhere else. Each answer is sent as bytes ({@link
 * EncodedResponses}), when the read completes, without blocking the transport's thread: a cache hit
 * as the cache stored it, anything else encoded by {@link StudentProtoMapper}, which made the
 * stored bytes too.
 */
public final class StudentQueriesGrpcService implements BindableService {
  private static final Executor VIRTUAL =
      task -> Thread.ofVirtual().name("stored-students").start(task);

  /**
   * A virtual thread carrying the call's trace context: without it the port call's span on that
   * thread had no parent and began a trace of its own, a sampled root for each page of every
   * reconciliation run (found by a fresh helper).
   */
  private static Executor virtualInCallersContext() {
    return Context.current().wrap(VIRTUAL);
  }

  private final StudentQueries students;

  public StudentQueriesGrpcService(StudentQueries students) {
    this.students = students;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return EncodedResponses.of(StudentQueriesGrpc.getServiceDescriptor())
        .unary(StudentQueriesGrpc.getGetStudentMethod(), this::getStudent)
        .unary(StudentQueriesGrpc.getListStudentsMethod(), this::listStudents)
        .unary(StudentQueriesGrpc.getListStudentsByCourseMethod(), this::listStudentsByCourse)
        .unary(StudentQueriesGrpc.getListStoredStudentsMethod(), this::listStoredStudents)
        .build();
  }

  private CompletionStage<byte[]> getStudent(GetStudentRequest request) {
    StudentId id = StudentId.parse(request.getId());
    return students
        .getStudent(id, WireFormat.PROTOBUF)
        .thenApply(
            student ->
                UnaryAnswer.found(student, "student " + id).bytes(StudentProtoMapper::encode));
  }

  private CompletionStage<byte[]> listStudents(ListStudentsRequest request) {
    PageRequest page = PageRequest.of(request.getLimit(), request.getCursor());
    return students
        .listStudents(page, WireFormat.PROTOBUF)
        .thenApply(answer -> answer.bytes(StudentProtoMapper::encodePage));
  }

  private CompletionStage<byte[]> listStudentsByCourse(ListStudentsByCourseRequest request) {
    CourseId course = CourseId.parse("course_id", request.getCourseId());
    return students
        .listStudentsByCourse(course, WireFormat.PROTOBUF)
        .thenApply(answer -> answer.bytes(StudentProtoMapper::encodeList));
  }

  /**
   * Reads the store on the transport's thread: the call is rare (the reconciliation's pages) and
   * its answer must not come from the cache, so there is no cache stage to wait for.
   */
  private CompletionStage<byte[]> listStoredStudents(ListStoredStudentsRequest request) {
    if (request.getIdsCount() == 0) {
      PageRequest page = PageRequest.of(request.getLimit(), request.getCursor());
      return CompletableFuture.supplyAsync(
          () -> StudentProtoMapper.encodePage(students.storedStudents(page)),
          virtualInCallersContext());
    }
    if (request.getIdsCount() > PageRequest.MAX_LIMIT) {
      throw new ValidationException(
          "ids", "at most " + PageRequest.MAX_LIMIT + " ids, got " + request.getIdsCount());
    }
    List<StudentId> ids =
        request.getIdsList().stream().map(id -> StudentId.parse("ids", id)).toList();
    return CompletableFuture.supplyAsync(
        () -> StudentProtoMapper.encodePage(Page.last(students.storedStudents(ids))),
        virtualInCallersContext());
  }
}
