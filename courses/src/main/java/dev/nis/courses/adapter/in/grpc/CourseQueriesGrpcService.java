package dev.nis.courses.adapter.in.grpc;

import dev.nis.common.application.WireFormat;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.EncodedResponses;
import dev.nis.common.grpc.UnaryAnswer;
import dev.nis.courses.adapter.proto.CourseProtoMapper;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.GetCourseRequest;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesRequest;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import java.util.concurrent.CompletionStage;

/**
 * The {@code nis.v1.CourseQueries} reads over the {@link CourseQueries} port. Requests become
 * domain values here (so malformed ids fail as INVALID_ARGUMENT naming the field), and every
 * failure becomes a status here and nowhere else. Each answer is sent as bytes ({@link
 * EncodedResponses}), when the read completes, without blocking the transport's thread: a cache hit
 * as the cache stored it, anything else encoded by {@link CourseProtoMapper}, which made the stored
 * bytes too.
 */
public final class CourseQueriesGrpcService implements BindableService {
  private final CourseQueries courses;

  public CourseQueriesGrpcService(CourseQueries courses) {
    this.courses = courses;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return EncodedResponses.of(CourseQueriesGrpc.getServiceDescriptor())
        .unary(CourseQueriesGrpc.getGetCourseMethod(), this::getCourse)
        .unary(CourseQueriesGrpc.getListCoursesMethod(), this::listCourses)
        .unary(CourseQueriesGrpc.getListCoursesByStudentMethod(), this::listCoursesByStudent)
        .build();
  }

  private CompletionStage<byte[]> getCourse(GetCourseRequest request) {
    CourseId id = CourseId.parse(request.getId());
    return courses
        .getCourse(id, WireFormat.PROTOBUF)
        .thenApply(
            course -> UnaryAnswer.found(course, "course " + id).bytes(CourseProtoMapper::encode));
  }

  private CompletionStage<byte[]> listCourses(ListCoursesRequest request) {
    PageRequest page = PageRequest.of(request.getLimit(), request.getCursor());
    return courses
        .listCourses(page, WireFormat.PROTOBUF)
        .thenApply(answer -> answer.bytes(CourseProtoMapper::encodePage));
  }

  private CompletionStage<byte[]> listCoursesByStudent(ListCoursesByStudentRequest request) {
    StudentId student = StudentId.parse("student_id", request.getStudentId());
    return courses
        .listCoursesByStudent(student, WireFormat.PROTOBUF)
        .thenApply(answer -> answer.bytes(CourseProtoMapper::encodeList));
  }
}
