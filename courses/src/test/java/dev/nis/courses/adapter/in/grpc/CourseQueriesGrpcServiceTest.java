package dev.nis.courses.adapter.in.grpc;

import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static dev.nis.courses.testing.CourseFixtures.course;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.courses.adapter.proto.CourseProtoMapper;
import dev.nis.courses.domain.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.CourseQueriesGrpc.CourseQueriesBlockingStub;
import dev.nis.proto.v1.GetCourseRequest;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesRequest;
import dev.nis.proto.v1.ListCoursesResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CourseQueriesGrpcServiceTest {
  private final InMemoryCourseService courses = new InMemoryCourseService();
  private GrpcServer server;
  private ManagedChannel channel;
  private CourseQueriesBlockingStub stub;

  @BeforeEach
  void startServer() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        new GrpcServer(
                InProcessServerBuilder.forName(name),
                List.of(new CourseQueriesGrpcService(courses)))
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = CourseQueriesGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopServer() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ofSeconds(5));
  }

  @Test
  void getCourse_answersTheCourse() {
    Course physics = course("Physics", aStudent());
    courses.with(physics, course("Chemistry"));

    dev.nis.proto.v1.Course answer = stub.getCourse(get(physics.id().value()));

    assertThat(answer).isEqualTo(CourseProtoMapper.toProto(physics));
  }

  @Test
  void getCourse_upperCaseId_findsTheCourse() {
    Course physics = course("Physics");
    courses.with(physics);

    assertThat(stub.getCourse(get(physics.id().value().toUpperCase())).getName())
        .isEqualTo("Physics");
  }

  @Test
  void getCourse_unknownId_isNotFoundNamingTheId() {
    String unknown = "0123456789abcdef01234567";

    assertStatus(
        () -> stub.getCourse(get(unknown)),
        Status.Code.NOT_FOUND,
        "course 0123456789abcdef01234567 not found");
  }

  @Test
  void getCourse_malformedId_isInvalidArgumentNamingTheField() {
    assertStatus(
        () -> stub.getCourse(get("42")),
        Status.Code.INVALID_ARGUMENT,
        "id: must be a course id (24 hex digits)");
  }

  @Test
  void listCourses_withoutLimit_asksForTheDefaultPage() {
    courses.with(course("Physics"), course("Chemistry"));

    ListCoursesResponse page = stub.listCourses(ListCoursesRequest.getDefaultInstance());

    assertThat(page.getCoursesList()).hasSize(2);
    assertThat(page.getNextCursor()).isEmpty();
    assertThat(courses.lastPageRequest.limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
  }

  @Test
  void listCourses_followsTheCursorToTheLastPage() {
    courses.with(course("Physics"), course("Chemistry"), course("Biology"));

    ListCoursesResponse first = stub.listCourses(list(2, ""));
    ListCoursesResponse second = stub.listCourses(list(2, first.getNextCursor()));

    assertThat(first.getCoursesList()).hasSize(2);
    assertThat(first.getNextCursor()).isNotEmpty();
    assertThat(second.getCoursesList()).hasSize(1);
    assertThat(second.getNextCursor()).isEmpty();
    assertThat(second.getCourses(0).getId()).isGreaterThan(first.getCourses(1).getId());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 1001})
  void listCourses_limitOutOfRange_isInvalidArgument(int limit) {
    assertStatus(
        () -> stub.listCourses(list(limit, "")),
        Status.Code.INVALID_ARGUMENT,
        "limit: must be from 1 to 1000");
  }

  @Test
  void listCourses_foreignCursor_isInvalidArgument() {
    assertStatus(
        () -> stub.listCourses(list(10, "not-ours")),
        Status.Code.INVALID_ARGUMENT,
        "cursor: is not a cursor this service issued");
  }

  @Test
  void listCoursesByStudent_answersTheCoursesHoldingTheStudent() {
    StudentId ada = aStudent();
    Course physics = course("Physics", ada);
    courses.with(physics, course("Chemistry", aStudent()));

    ListCoursesResponse answer = stub.listCoursesByStudent(byStudent(ada.toString()));

    assertThat(answer.getCoursesList()).containsExactly(CourseProtoMapper.toProto(physics));
    assertThat(answer.getNextCursor()).isEmpty();
  }

  @Test
  void listCoursesByStudent_malformedId_isInvalidArgumentNamingTheField() {
    assertStatus(
        () -> stub.listCoursesByStudent(byStudent("ada")),
        Status.Code.INVALID_ARGUMENT,
        "student_id: must be a student id (UUID)");
  }

  @Test
  void databaseDown_isUnavailable() {
    courses.failWith(new DependencyUnavailableException("mongodb", "connection refused"));

    assertStatus(
        () -> stub.listCourses(list(0, "")),
        Status.Code.UNAVAILABLE,
        "mongodb is unavailable, try again later");
  }

  @Test
  void unexpectedFailure_isInternalWithoutItsText() {
    courses.failWith(new IllegalStateException("bug at line 42"));

    assertStatus(
        () -> stub.getCourse(get("0123456789abcdef01234567")),
        Status.Code.INTERNAL,
        "internal error");
  }

  @Test
  void health_isServingUntilFlipped() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);

    assertThat(healthOf(health, "")).isEqualTo(ServingStatus.SERVING);
    assertThat(healthOf(health, CourseQueriesGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);

    server.setServing(false);

    assertThat(healthOf(health, "")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(healthOf(health, CourseQueriesGrpc.SERVICE_NAME))
        .isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void reflection_listsCourseQueries() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel).serverReflectionInfo(completing(answer));

    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();

    List<String> services =
        answer.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(ServiceResponse::getName)
            .toList();
    assertThat(services).contains("nis.v1.CourseQueries", "grpc.health.v1.Health");
  }

  @Test
  void afterStop_newCallsAreRefused() throws Exception {
    server.stop(Duration.ofSeconds(1));

    assertThatThrownBy(() -> stub.listCourses(list(0, "")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  private static ServingStatus healthOf(HealthGrpc.HealthBlockingStub health, String service) {
    return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(description);
            });
  }

  private static GetCourseRequest get(String id) {
    return GetCourseRequest.newBuilder().setId(id).build();
  }

  private static ListCoursesRequest list(int limit, String cursor) {
    return ListCoursesRequest.newBuilder().setLimit(limit).setCursor(cursor).build();
  }

  private static ListCoursesByStudentRequest byStudent(String studentId) {
    return ListCoursesByStudentRequest.newBuilder().setStudentId(studentId).build();
  }

  private static StreamObserver<ServerReflectionResponse> completing(
      CompletableFuture<ServerReflectionResponse> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(ServerReflectionResponse response) {
        answer.complete(response);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        answer.completeExceptionally(new AssertionError("no reflection answer"));
      }
    };
  }
}
