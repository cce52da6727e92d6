package dev.nis.common.contract;

import com.google.protobuf.Message;
import dev.nis.common.testing.EntityFixture;
import dev.nis.common.testing.ServiceFake;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What one service's gRPC queries look like to {@link QueriesGrpcServiceContract}: the service over
 * its fake, its three methods, how to make an entity, and the descriptions its statuses carry.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 * @param <F> the service's fake of its queries port
 */
public final class QueriesGrpcSpec<E, I extends Comparable<I>, O, F extends ServiceFake<E, I, ?>> {
  final Supplier<F> fake;
  final Function<F, BindableService> service;
  MethodDescriptor<? extends Message, ? extends Message> get;
  MethodDescriptor<? extends Message, ? extends Message> list;
  MethodDescriptor<? extends Message, ? extends Message> listHolding;
  String holdingField;
  EntityFixture<E, I, O> fixture;
  Function<E, ? extends Message> toProto;
  String noun;
  String idProblem;
  String malformedOther;
  String otherIdProblem;
  String storeName;

  private QueriesGrpcSpec(Supplier<F> fake, Function<F, BindableService> service) {
    this.fake = fake;
    this.service = service;
  }

  /** The gRPC service under test, made over a new fake for each test. */
  public static <E, I extends Comparable<I>, O, F extends ServiceFake<E, I, ?>>
      QueriesGrpcSpec<E, I, O, F> serving(Supplier<F> fake, Function<F, BindableService> service) {
    return new QueriesGrpcSpec<>(fake, service);
  }

  /**
   * The service's methods, found by their names: {@code Get...} by id, {@code List...} a page,
   * {@code List...By...} by an id of the other side, which {@code holdingField} names in its
   * request (e.g. {@code student_id}). The reconciliation's read of the store ({@code
   * ListStored...}, uncached) is not one of the cached reads this spec covers.
   */
  public QueriesGrpcSpec<E, I, O, F> methods(ServiceDescriptor service, String holdingField) {
    this.get = method(service, name -> name.startsWith("Get"));
    this.list =
        method(
            service,
            name ->
                name.startsWith("List") && !name.contains("By") && !name.startsWith("ListStored"));
    this.listHolding = method(service, name -> name.startsWith("List") && name.contains("By"));
    this.holdingField = holdingField;
    return this;
  }

  private static MethodDescriptor<? extends Message, ? extends Message> method(
      ServiceDescriptor service, Predicate<String> name) {
    @SuppressWarnings("unchecked")
    MethodDescriptor<? extends Message, ? extends Message> found =
        (MethodDescriptor<? extends Message, ? extends Message>)
            service.getMethods().stream()
                .filter(m -> name.test(m.getBareMethodName()))
                .reduce(
                    (one, other) -> {
                      throw new IllegalArgumentException("two methods match in " + service);
                    })
                .orElseThrow();
    return found;
  }

  /** The service's entities, and their protobuf as its mapper makes it. */
  public QueriesGrpcSpec<E, I, O, F> entities(
      EntityFixture<E, I, O> fixture, Function<E, ? extends Message> toProto) {
    this.fixture = fixture;
    this.toProto = toProto;
    return this;
  }

  /**
   * The noun of a not-found description, the problem of a malformed id, a malformed id of the other
   * side and its problem.
   */
  public QueriesGrpcSpec<E, I, O, F> describing(
      String noun, String idProblem, String malformedOther, String otherIdProblem) {
    this.noun = noun;
    this.idProblem = idProblem;
    this.malformedOther = malformedOther;
    this.otherIdProblem = otherIdProblem;
    return this;
  }

  /** What the store is called when it is unavailable, e.g. {@code mongodb}. */
  public QueriesGrpcSpec<E, I, O, F> storedIn(String storeName) {
    this.storeName = storeName;
    return this;
  }
}
