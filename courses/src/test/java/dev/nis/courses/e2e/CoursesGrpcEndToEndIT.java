package dev.nis.courses.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.RunningService;
import dev.nis.courses.testing.TestMongo;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.CourseQueriesGrpc.CourseQueriesBlockingStub;
import dev.nis.proto.v1.GetCourseRequest;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesRequest;
import dev.nis.proto.v1.ListCoursesResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code nis.v1.CourseQueries} contract end to end: a real plaintext Netty channel to the whole
 * courses service running against the real NATS JetStream, Redis and MongoDB (see {@link
 * RunningCourses}). Courses are made through the HTTP API with {@code Prefer: wait}, so what gRPC
 * answers is what the queued commands applied.
 */
class CoursesGrpcEndToEndIT {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final String COURSES = "/api/courses";
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

  private static RunningService env;
  private static ApiClient api;
  private static ManagedChannel channel;

  @BeforeAll
  static void startTheService() throws Exception {
    env = new RunningCourses(mongo).start();
    api = env.api();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", env.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  static void stopTheService() throws Exception {
    try {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      if (env != null) {
        env.close();
      }
    }
  }

  // ---- GetCourse ----

  @Test
  void getCourse_equalsTheHttpView_ofACourseCreatedOverHttp() {
    String student = UUID.randomUUID().toString();
    JsonNode http = createApplied("Grpc Algebra", student);

    Course course = courses().getCourse(get(http.get("id").asText()));

    assertThat(course.getId()).isEqualTo(http.get("id").asText());
    assertThat(course.getName()).isEqualTo(http.get("name").asText()).isEqualTo("Grpc Algebra");
    assertThat(course.getDescription()).isEqualTo(http.get("description").asText());
    assertThat(course.getDiscipline()).isEqualTo(http.get("discipline").asText());
    assertThat(course.getTeacher()).isEqualTo(http.get("teacher").asText());
    assertThat(course.getStudentIdsList()).containsExactly(student);
    assertThat(api.get(COURSES + "/" + course.getId()).data()).isEqualTo(http);
  }

  @Test
  void getCourse_afterAnAppliedUpdate_showsTheNewState_andAfterAnAppliedDelete_isNotFound() {
    String id = createApplied("Before Update").get("id").asText();
    assertThat(courses().getCourse(get(id)).getName()).isEqualTo("Before Update");

    ApiClient.Reply put =
        api.put(COURSES + "/" + id, CourseJson.course("After Update"), "Prefer", "wait=5");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(courses().getCourse(get(id)).getName()).isEqualTo("After Update");

    ApiClient.Reply delete = api.delete(COURSES + "/" + id, "Prefer", "wait=5");
    assertThat(delete.status()).as(delete.body()).isEqualTo(204);
    assertThat(failure(() -> courses().getCourse(get(id))).getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void getCourse_ofAnUnknownId_isNotFound_withADescription() {
    String id = "ffffffff" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    Status status = failure(() -> courses().getCourse(get(id)));

    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).contains(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-an-id", "0123456789abcdef0123456", "zzzzzzzzzzzzzzzzzzzzzzzz"})
  void getCourse_withAMalformedId_isInvalidArgument_namingTheField(String id) {
    Status status = failure(() -> courses().getCourse(get(id)));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("id:");
  }

  // ---- ListCourses ----

  @Test
  void listCourses_pagesWithLimitAndNextCursor() {
    List<String> mine = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      mine.add(createApplied("Grpc Paged " + i).get("id").asText());
    }

    List<String> seen = new ArrayList<>();
    int pages = 0;
    String cursor = "";
    do {
      ListCoursesResponse page =
          courses()
              .listCourses(ListCoursesRequest.newBuilder().setLimit(2).setCursor(cursor).build());
      assertThat(page.getCoursesCount()).isBetween(1, 2);
      page.getCoursesList().forEach(course -> seen.add(course.getId()));
      cursor = page.getNextCursor();
      if (!cursor.isEmpty()) {
        assertThat(page.getCoursesCount()).as("a page before the last is full").isEqualTo(2);
      }
      pages++;
    } while (!cursor.isEmpty() && pages < 1000);

    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates().isSorted();
    assertThat(seen.stream().filter(mine::contains).toList()).isEqualTo(mine);
  }

  @Test
  void listCourses_withoutALimit_returnsAPageOfTheDefaultSize() {
    String id = createApplied("Grpc Default Page").get("id").asText();

    ListCoursesResponse page = courses().listCourses(ListCoursesRequest.getDefaultInstance());

    assertThat(page.getCoursesCount()).isBetween(1, 100);
    if (page.getNextCursor().isEmpty()) {
      assertThat(page.getCoursesList()).extracting(Course::getId).contains(id);
    } else {
      assertThat(page.getCoursesCount()).isEqualTo(100);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1001, -1})
  void listCourses_withALimitOutOfRange_isInvalidArgument_namingTheLimit(int limit) {
    Status status =
        failure(
            () -> courses().listCourses(ListCoursesRequest.newBuilder().setLimit(limit).build()));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("limit:");
  }

  @Test
  void listCourses_withACursorItDidNotIssue_isInvalidArgument_namingTheCursor() {
    Status status =
        failure(
            () ->
                courses()
                    .listCourses(
                        ListCoursesRequest.newBuilder().setLimit(2).setCursor("bm9wZQ").build()));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("cursor:");
  }

  // ---- ListCoursesByStudent ----

  @Test
  void listCoursesByStudent_returnsTheCoursesThatListTheStudent() {
    String ada = UUID.randomUUID().toString();
    String grace = UUID.randomUUID().toString();
    String both = createApplied("Shared Course", ada, grace).get("id").asText();
    String graceOnly = createApplied("Grace Course", grace).get("id").asText();
    createApplied("Nobody Course");

    // the students arrive through the enrollment log, eventually
    enrolled(() -> assertThat(coursesOf(ada)).containsExactly(both));
    enrolled(() -> assertThat(coursesOf(grace)).containsExactly(both, graceOnly));
    assertThat(coursesOf(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void listCoursesByStudent_followsAnAppliedUpdate() {
    String ada = UUID.randomUUID().toString();
    String grace = UUID.randomUUID().toString();
    String id = createApplied("Moving Course", ada).get("id").asText();
    enrolled(() -> assertThat(coursesOf(ada)).containsExactly(id));
    assertThat(coursesOf(grace)).isEmpty();

    ApiClient.Reply put =
        api.put(COURSES + "/" + id, CourseJson.course("Moving Course", grace), "Prefer", "wait=5");
    assertThat(put.status()).as(put.body()).isEqualTo(200);

    enrolled(() -> assertThat(coursesOf(ada)).isEmpty());
    enrolled(() -> assertThat(coursesOf(grace)).containsExactly(id));
  }

  private static void enrolled(org.awaitility.core.ThrowingRunnable assertion) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(20))
        .untilAsserted(assertion);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-a-uuid", "0123456789abcdef0123456789abcdef"})
  void listCoursesByStudent_withAMalformedId_isInvalidArgument_namingTheField(String studentId) {
    Status status =
        failure(
            () ->
                courses()
                    .listCoursesByStudent(
                        ListCoursesByStudentRequest.newBuilder().setStudentId(studentId).build()));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("student_id:");
  }

  // ---- standard services ----

  @ParameterizedTest
  @ValueSource(strings = {"", "nis.v1.CourseQueries"})
  void healthCheck_answersServing(String service) {
    ServingStatus status =
        HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.newBuilder().setService(service).build())
            .getStatus();

    assertThat(status).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void healthCheck_ofAnUnknownService_isNotFound() {
    Status status =
        failure(
            () ->
                HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("nis.v1.Nothing").build()));

    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void reflection_listsCourseQueries_andDescribesItsMethods() throws Exception {
    List<ServerReflectionResponse> responses =
        reflect(
            ServerReflectionRequest.newBuilder().setListServices("*").build(),
            ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("nis.v1.CourseQueries")
                .build());

    assertThat(responses).hasSize(2);
    assertThat(responses.get(0).getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains("nis.v1.CourseQueries", "grpc.health.v1.Health");

    List<String> methods = new ArrayList<>();
    for (ByteString file :
        responses.get(1).getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto descriptor = FileDescriptorProto.parseFrom(file);
      for (ServiceDescriptorProto service : descriptor.getServiceList()) {
        if (descriptor.getPackage().equals("nis.v1") && service.getName().equals("CourseQueries")) {
          service.getMethodList().stream()
              .map(MethodDescriptorProto::getName)
              .forEach(methods::add);
        }
      }
    }
    assertThat(methods)
        .containsExactlyInAnyOrder("GetCourse", "ListCourses", "ListCoursesByStudent");
  }

  // ---- request ids and metrics ----

  @Test
  void requestId_isEchoedInTheResponseHeaders() {
    String id = createApplied("Traced Grpc").get("id").asText();
    String requestId = "e2e-" + UUID.randomUUID();
    Metadata sent = new Metadata();
    sent.put(REQUEST_ID, requestId);
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();

    courses()
        .withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(sent),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .getCourse(get(id));

    assertThat(headers.get().get(REQUEST_ID)).isEqualTo(requestId);
  }

  @Test
  void grpcCalls_areCountedUnderTheGrpcTransport() {
    String id = createApplied("Counted Grpc").get("id").asText();
    courses().getCourse(get(id));
    courses().listCourses(ListCoursesRequest.newBuilder().setLimit(1).build());

    List<String> lines = api.get("/metrics").body().lines().toList();

    for (String method : List.of("getCourse", "listCourses")) {
      assertThat(lines)
          .as(method)
          .anyMatch(
              line ->
                  line.startsWith("nis_service_calls_seconds_count{")
                      && line.contains("transport=\"grpc\"")
                      && line.contains("method=\"" + method + "\"")
                      && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1);
    }
  }

  // ---- helpers ----

  private static CourseQueriesBlockingStub courses() {
    return CourseQueriesGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  private static GetCourseRequest get(String id) {
    return GetCourseRequest.newBuilder().setId(id).build();
  }

  private static List<String> coursesOf(String studentId) {
    return courses()
        .listCoursesByStudent(
            ListCoursesByStudentRequest.newBuilder().setStudentId(studentId).build())
        .getCoursesList()
        .stream()
        .map(Course::getId)
        .toList();
  }

  /**
   * Creates a course over HTTP, waits until it is applied and its students have come through the
   * enrollment log (they follow the operation: README, "How a mutation travels"); returns its HTTP
   * view then.
   */
  private static JsonNode createApplied(String name, String... studentIds) {
    ApiClient.Reply reply =
        api.post(COURSES, CourseJson.course(name, studentIds), "Prefer", "wait=5");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    String path = COURSES + "/" + reply.data().get("id").asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.get(path).data().get("student_ids").size() == studentIds.length);
    return api.get(path).data();
  }

  private static Status failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("the call failed with a status").isNotNull();
    return e.getStatus();
  }

  /** Sends the requests on one reflection stream and collects every response. */
  private static List<ServerReflectionResponse> reflect(ServerReflectionRequest... requests)
      throws Exception {
    CompletableFuture<List<ServerReflectionResponse>> done = new CompletableFuture<>();
    List<ServerReflectionResponse> responses = new ArrayList<>();
    StreamObserver<ServerReflectionRequest> stream =
        ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    responses.add(response);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(responses);
                  }
                });
    for (ServerReflectionRequest request : requests) {
      stream.onNext(request);
    }
    stream.onCompleted();
    return done.get(10, TimeUnit.SECONDS);
  }
}
