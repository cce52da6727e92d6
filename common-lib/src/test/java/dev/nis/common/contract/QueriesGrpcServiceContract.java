package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.common.testing.ServiceFake;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/**
 * The gRPC queries service of either side over an in-process server, held once: by id, pages and
 * their cursor, by an id of the other side, the status each failure maps to, health and reflection.
 * A subclass per service describes its service in a {@link QueriesGrpcSpec}; the calls go through
 * the spec's method descriptors, with requests made from their prototypes, so the answers are
 * compared as the protobuf messages the service's mapper makes.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 * @param <F> the service's fake of its queries port
 */
public abstract class QueriesGrpcServiceContract<
    E, I extends Comparable<I>, O, F extends ServiceFake<E, I, ?>> {
  private final QueriesGrpcSpec<E, I, O, F> spec;
  private F fake;
  private GrpcServer server;
  private ManagedChannel channel;

  /** A page of a list answer: its messages and its next cursor. */
  protected record Listed(List<Message> items, String nextCursor) {}

  protected QueriesGrpcServiceContract(QueriesGrpcSpec<E, I, O, F> spec) {
    this.spec = spec;
  }

  @BeforeEach
  void startServer() throws Exception {
    fake = spec.fake.get();
    String name = InProcessServerBuilder.generateName();
    server =
        new GrpcServer(InProcessServerBuilder.forName(name), List.of(spec.service.apply(fake)))
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stopServer() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ofSeconds(5));
  }

  /** The in-process channel to the service under test, for a service's own methods. */
  protected io.grpc.Channel channel() {
    return channel;
  }

  /** This test's fake. */
  protected F fake() {
    return fake;
  }

  protected Message get(String id) {
    return call(spec.get, "id", id);
  }

  protected Listed list(int limit, String cursor) {
    return listed(call(spec.list, "limit", limit, "cursor", cursor));
  }

  protected Listed listHolding(String otherId) {
    return listed(call(spec.listHolding, spec.holdingField, otherId));
  }

  /** Calls a unary method with a request made from its prototype, setting fields by name. */
  private Message call(
      MethodDescriptor<? extends Message, ? extends Message> method, Object... namesAndValues) {
    @SuppressWarnings("unchecked")
    MethodDescriptor<Message, Message> unary = (MethodDescriptor<Message, Message>) method;
    Message prototype =
        ((MethodDescriptor.PrototypeMarshaller<Message>) unary.getRequestMarshaller())
            .getMessagePrototype();
    Message.Builder request = prototype.newBuilderForType();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      request.setField(
          prototype.getDescriptorForType().findFieldByName((String) namesAndValues[i]),
          namesAndValues[i + 1]);
    }
    return ClientCalls.blockingUnaryCall(
        channel,
        unary,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
        request.build());
  }

  @SuppressWarnings("unchecked")
  private static Listed listed(Message response) {
    FieldDescriptor items =
        response.getDescriptorForType().getFields().stream()
            .filter(FieldDescriptor::isRepeated)
            .findFirst()
            .orElseThrow();
    return new Listed((List<Message>) response.getField(items), field(response, "next_cursor"));
  }

  @SafeVarargs
  private E entity(String name, O... related) {
    return spec.fixture.named(name, List.of(related));
  }

  private String idText(E entity) {
    return spec.fixture.idOf(entity).toString();
  }

  private Message toProto(E entity) {
    return spec.toProto.apply(entity);
  }

  private static String field(Message message, String name) {
    return (String) message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  @Test
  void get_answersTheEntity() {
    E first = entity("first", spec.fixture.anOther());
    fake.entities().with(first, entity("second"));

    assertThat(get(idText(first))).isEqualTo(toProto(first));
  }

  @Test
  void get_upperCaseId_findsTheEntity() {
    E first = entity("first");
    fake.entities().with(first);

    assertThat(field(get(idText(first).toUpperCase()), "name")).isEqualTo("first");
  }

  @Test
  void get_unknownId_isNotFoundNamingTheId() {
    String unknown = spec.fixture.newId().toString();

    assertStatus(
        () -> get(unknown), Status.Code.NOT_FOUND, spec.noun + " " + unknown + " not found");
  }

  @Test
  void get_malformedId_isInvalidArgumentNamingTheField() {
    assertStatus(() -> get("42"), Status.Code.INVALID_ARGUMENT, spec.idProblem);
  }

  /** Ids are text on the wire too: a NUL or an invisible character makes them malformed. */
  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\u202E", "\u200B", " "})
  void get_anIdWithAControlOrInvisibleCharacter_isInvalidArgumentNamingTheField(String extra) {
    String id = spec.fixture.newId().toString();

    assertStatus(() -> get(id + extra), Status.Code.INVALID_ARGUMENT, spec.idProblem);
    assertStatus(() -> get(extra + id), Status.Code.INVALID_ARGUMENT, spec.idProblem);
  }

  /**
   * An id whose bytes are not UTF-8 (protobuf's {@code string} must be): a client's mistake,
   * INVALID_ARGUMENT, not the UNKNOWN "Application error" of a request that fails to parse.
   */
  @Test
  void get_anIdWhoseBytesAreNotUtf8_isInvalidArgument() {
    assertRefusedAsInvalid(
        spec.get, new byte[] {0x0A, 0x05, 'a', 'b', (byte) 0xC1, (byte) 0xA1, 'c'});
  }

  /** Sends {@code request} to {@code method} as raw bytes: the call must end INVALID_ARGUMENT. */
  private void assertRefusedAsInvalid(MethodDescriptor<?, ?> method, byte[] request) {
    MethodDescriptor<byte[], byte[]> raw =
        method.toBuilder(RawBytes.INSTANCE, RawBytes.INSTANCE).build();

    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    channel,
                    raw,
                    CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                    request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .as(e.getStatus().toString())
                    .isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  /** grpc-java's own health service is guarded as the queries are. */
  @Test
  void health_aRequestThatDoesNotParse_isInvalidArgument() {
    assertRefusedAsInvalid(HealthGrpc.getCheckMethod(), new byte[] {0x0A, 0x02, (byte) 0xC3, 0x28});
  }

  /** The health service echoes the name it was asked for: its description is cut short. */
  @Test
  void health_ofAVeryLongUnknownName_isNotFound_withABoundedDescription() {
    String name = "x".repeat(100_000);

    assertThatThrownBy(
            () ->
                HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(name).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).hasSizeLessThanOrEqualTo(512);
            });
    assertThat(
            HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  /** Bytes as they are, to put on the wire what no protobuf encoder would write. */
  private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void list_withoutLimit_asksForTheDefaultPage() {
    fake.entities().with(entity("first"), entity("second"));

    Listed page = list(0, "");

    assertThat(page.items()).hasSize(2);
    assertThat(page.nextCursor()).isEmpty();
    assertThat(fake.entities().lastPageRequest.limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
  }

  @Test
  void list_followsTheCursorToTheLastPage() {
    fake.entities().with(entity("first"), entity("second"), entity("third"));

    Listed first = list(2, "");
    Listed second = list(2, first.nextCursor());

    assertThat(first.items()).hasSize(2);
    assertThat(first.nextCursor()).isNotEmpty();
    assertThat(second.items()).hasSize(1);
    assertThat(second.nextCursor()).isEmpty();
    assertThat(field(second.items().get(0), "id")).isGreaterThan(field(first.items().get(1), "id"));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 1001})
  void list_limitOutOfRange_isInvalidArgument(int limit) {
    assertStatus(
        () -> list(limit, ""), Status.Code.INVALID_ARGUMENT, "limit: must be from 1 to 1000");
  }

  @Test
  void list_foreignCursor_isInvalidArgument() {
    assertStatus(
        () -> list(10, "not-ours"),
        Status.Code.INVALID_ARGUMENT,
        "cursor: is not a cursor this service issued");
  }

  @Test
  void listHolding_answersTheEntitiesHoldingTheOther() {
    O other = spec.fixture.anOther();
    E holder = entity("first", other);
    fake.entities().with(holder, entity("second", spec.fixture.anOther()));

    Listed answer = listHolding(other.toString());

    assertThat(answer.items()).containsExactly(toProto(holder));
    assertThat(answer.nextCursor()).isEmpty();
  }

  @Test
  void listHolding_malformedId_isInvalidArgumentNamingTheField() {
    assertStatus(
        () -> listHolding(spec.malformedOther), Status.Code.INVALID_ARGUMENT, spec.otherIdProblem);
  }

  @Test
  void databaseDown_isUnavailable() {
    fake.entities()
        .failWith(new DependencyUnavailableException(spec.storeName, "connection refused"));

    assertStatus(
        () -> list(0, ""),
        Status.Code.UNAVAILABLE,
        spec.storeName + " is unavailable, try again later");
  }

  @Test
  void unexpectedFailure_isInternalWithoutItsText() {
    fake.entities().failWith(new IllegalStateException("bug at line 42"));

    assertStatus(
        () -> get(spec.fixture.newId().toString()), Status.Code.INTERNAL, "internal error");
  }

  @Test
  void health_isServingUntilFlipped() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    String serviceName = spec.get.getServiceName();

    assertThat(healthOf(health, "")).isEqualTo(ServingStatus.SERVING);
    assertThat(healthOf(health, serviceName)).isEqualTo(ServingStatus.SERVING);

    server.setServing(false);

    assertThat(healthOf(health, "")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(healthOf(health, serviceName)).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void reflection_listsTheQueriesService() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel).serverReflectionInfo(completing(answer));

    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();

    List<String> services =
        answer.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(ServiceResponse::getName)
            .toList();
    assertThat(services).contains(spec.get.getServiceName(), "grpc.health.v1.Health");
  }

  @Test
  void reflectionV1Alpha_listsTheQueriesService_forClientsThatAskForItAlone() throws Exception {
    CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse> answer =
        new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(completing(answer));

    requests.onNext(
        io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
            .setListServices("*")
            .build());
    requests.onCompleted();

    List<String> services =
        answer.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(io.grpc.reflection.v1alpha.ServiceResponse::getName)
            .toList();
    assertThat(services).contains(spec.get.getServiceName(), "grpc.health.v1.Health");
  }

  @Test
  void afterStop_newCallsAreRefused() throws Exception {
    server.stop(Duration.ofSeconds(1));

    assertThatThrownBy(() -> list(0, ""))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  private static ServingStatus healthOf(HealthGrpc.HealthBlockingStub health, String service) {
    return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  protected static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(description);
            });
  }

  private static <T> StreamObserver<T> completing(CompletableFuture<T> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T response) {
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
