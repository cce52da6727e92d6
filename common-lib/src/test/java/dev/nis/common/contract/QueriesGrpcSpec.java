package dev.nis.common.contract;

import com.google.protobuf.Message;
import dev.nis.common.testing.ServiceFake;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
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
  BiFunction<String, List<O>, E> named;
  Function<E, I> idOf;
  Supplier<I> newId;
  Supplier<O> anOther;
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
   * The by-id, list and by-other-side methods; {@code holdingField} names the other side's id in
   * the last one's request (e.g. {@code student_id}).
   */
  public QueriesGrpcSpec<E, I, O, F> methods(
      MethodDescriptor<? extends Message, ? extends Message> get,
      MethodDescriptor<? extends Message, ? extends Message> list,
      MethodDescriptor<? extends Message, ? extends Message> listHolding,
      String holdingField) {
    this.get = get;
    this.list = list;
    this.listHolding = listHolding;
    this.holdingField = holdingField;
    return this;
  }

  /** A valid entity with a fresh id, this name and these ids of the other side; their protobuf. */
  public QueriesGrpcSpec<E, I, O, F> entities(
      BiFunction<String, List<O>, E> named,
      Function<E, I> idOf,
      Supplier<I> newId,
      Supplier<O> anOther,
      Function<E, ? extends Message> toProto) {
    this.named = named;
    this.idOf = idOf;
    this.newId = newId;
    this.anOther = anOther;
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
