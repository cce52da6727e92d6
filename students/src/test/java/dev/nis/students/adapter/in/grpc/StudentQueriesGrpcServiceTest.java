package dev.nis.students.adapter.in.grpc;

import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.student;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.proto.v1.GetStudentRequest;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.ListStudentsRequest;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.proto.v1.StudentQueriesGrpc.StudentQueriesBlockingStub;
import dev.nis.students.adapter.proto.StudentProtoMapper;
import dev.nis.students.domain.Student;
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

class StudentQueriesGrpcServiceTest {
  private final InMemoryStudentService students = new InMemoryStudentService();
  private GrpcServer server;
  private ManagedChannel channel;
  private StudentQueriesBlockingStub stub;

  @BeforeEach
  void startServer() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        new GrpcServer(
                InProcessServerBuilder.forName(name),
                List.of(new StudentQueriesGrpcService(students)))
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = StudentQueriesGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopServer() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ofSeconds(5));
  }

  @Test
  void getStudent_answersTheStudent() {
    Student ada = student("adal", aCourse());
    students.with(ada, student("ghopper"));

    dev.nis.proto.v1.Student answer = stub.getStudent(get(ada.id().toString()));

    assertThat(answer).isEqualTo(StudentProtoMapper.toProto(ada));
  }

  @Test
  void getStudent_upperCaseId_findsTheStudent() {
    Student ada = student("adal");
    students.with(ada);

    assertThat(stub.getStudent(get(ada.id().toString().toUpperCase())).getName()).isEqualTo("adal");
  }

  @Test
  void getStudent_unknownId_isNotFoundNamingTheId() {
    String unknown = "6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11";

    assertStatus(
        () -> stub.getStudent(get(unknown)),
        Status.Code.NOT_FOUND,
        "student 6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11 not found");
  }

  @Test
  void getStudent_malformedId_isInvalidArgumentNamingTheField() {
    assertStatus(
        () -> stub.getStudent(get("42")),
        Status.Code.INVALID_ARGUMENT,
        "id: must be a student id (UUID)");
  }

  @Test
  void listStudents_withoutLimit_asksForTheDefaultPage() {
    students.with(student("adal"), student("ghopper"));

    ListStudentsResponse page = stub.listStudents(ListStudentsRequest.getDefaultInstance());

    assertThat(page.getStudentsList()).hasSize(2);
    assertThat(page.getNextCursor()).isEmpty();
    assertThat(students.lastPageRequest.limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
  }

  @Test
  void listStudents_followsTheCursorToTheLastPage() {
    students.with(student("adal"), student("ghopper"), student("ebaker"));

    ListStudentsResponse first = stub.listStudents(list(2, ""));
    ListStudentsResponse second = stub.listStudents(list(2, first.getNextCursor()));

    assertThat(first.getStudentsList()).hasSize(2);
    assertThat(first.getNextCursor()).isNotEmpty();
    assertThat(second.getStudentsList()).hasSize(1);
    assertThat(second.getNextCursor()).isEmpty();
    assertThat(second.getStudents(0).getId()).isGreaterThan(first.getStudents(1).getId());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 1001})
  void listStudents_limitOutOfRange_isInvalidArgument(int limit) {
    assertStatus(
        () -> stub.listStudents(list(limit, "")),
        Status.Code.INVALID_ARGUMENT,
        "limit: must be from 1 to 1000");
  }

  @Test
  void listStudents_foreignCursor_isInvalidArgument() {
    assertStatus(
        () -> stub.listStudents(list(10, "not-ours")),
        Status.Code.INVALID_ARGUMENT,
        "cursor: is not a cursor this service issued");
  }

  @Test
  void listStudentsByCourse_answersTheStudentsHoldingTheCourse() {
    CourseId algebra = aCourse();
    Student ada = student("adal", algebra);
    students.with(ada, student("ghopper", aCourse()));

    ListStudentsResponse answer = stub.listStudentsByCourse(byCourse(algebra.value()));

    assertThat(answer.getStudentsList()).containsExactly(StudentProtoMapper.toProto(ada));
    assertThat(answer.getNextCursor()).isEmpty();
  }

  @Test
  void listStudentsByCourse_upperCaseId_isTheSameCourse() {
    CourseId algebra = aCourse();
    students.with(student("adal", algebra));

    assertThat(stub.listStudentsByCourse(byCourse(algebra.value().toUpperCase())).getStudentsList())
        .hasSize(1);
  }

  @Test
  void listStudentsByCourse_malformedId_isInvalidArgumentNamingTheField() {
    assertStatus(
        () -> stub.listStudentsByCourse(byCourse("algebra")),
        Status.Code.INVALID_ARGUMENT,
        "course_id: must be a course id (24 hex digits)");
  }

  @Test
  void databaseDown_isUnavailable() {
    students.failWith(new DependencyUnavailableException("postgresql", "connection refused"));

    assertStatus(
        () -> stub.listStudents(list(0, "")),
        Status.Code.UNAVAILABLE,
        "postgresql is unavailable, try again later");
  }

  @Test
  void unexpectedFailure_isInternalWithoutItsText() {
    students.failWith(new IllegalStateException("bug at line 42"));

    assertStatus(
        () -> stub.getStudent(get("6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11")),
        Status.Code.INTERNAL,
        "internal error");
  }

  @Test
  void health_isServingUntilFlipped() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);

    assertThat(healthOf(health, "")).isEqualTo(ServingStatus.SERVING);
    assertThat(healthOf(health, StudentQueriesGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);

    server.setServing(false);

    assertThat(healthOf(health, "")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(healthOf(health, StudentQueriesGrpc.SERVICE_NAME))
        .isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void reflection_listsStudentQueries() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel).serverReflectionInfo(completing(answer));

    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();

    List<String> services =
        answer.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(ServiceResponse::getName)
            .toList();
    assertThat(services).contains("nis.v1.StudentQueries", "grpc.health.v1.Health");
  }

  @Test
  void afterStop_newCallsAreRefused() throws Exception {
    server.stop(Duration.ofSeconds(1));

    assertThatThrownBy(() -> stub.listStudents(list(0, "")))
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

  private static GetStudentRequest get(String id) {
    return GetStudentRequest.newBuilder().setId(id).build();
  }

  private static ListStudentsRequest list(int limit, String cursor) {
    return ListStudentsRequest.newBuilder().setLimit(limit).setCursor(cursor).build();
  }

  private static ListStudentsByCourseRequest byCourse(String courseId) {
    return ListStudentsByCourseRequest.newBuilder().setCourseId(courseId).build();
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
