package dev.nis.common.application;

import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Cache-aside reads over a {@link ReadCache}: a hit is served; a miss loads from the store and
 * fills with the look-up's token (so a slow reader cannot write back a value older than an
 * invalidation); an unavailable cache loads and fills nothing (I6: Redis down, reads from the
 * database). Each service's caching decorator of its queries port calls these.
 *
 * <p>The {@code answer...} reads do the same for a transport that sends bytes, without a thread
 * waiting on the cache: over an {@link AnswerCache} a hit completes with the stored bytes of the
 * format asked for ({@link Answer.Stored}) when the cache answers; a miss loads on a virtual thread
 * of its own (the store's drivers block), fills every format from the loaded value and completes
 * with the value ({@link Answer.Loaded}). Over a cache that keeps values only, they answer the
 * values of the reads above, at once.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public final class CacheAside<E, I, O> {
  /** The request id's key in the logging context, as the HTTP and gRPC adapters set it. */
  private static final String REQUEST_ID = "request_id";

  /**
   * Where a miss of an answer reads the store: a virtual thread of its own, since the look-up's
   * stage may complete on the cache client's event loop, which must not block. The load carries the
   * reader's trace context and request id, taken where the read was called (the event loop has
   * neither): without the trace context its store and fill spans had no parent and were dropped,
   * and its log lines had no {@code trace_id} (found by a fresh helper). Only the request id is
   * taken, not a copy of the whole logging context: a copy a read (a map and its entries) cost ~2.5
   * % of a cached read's CPU in a profile ({@code CallObservation} does the same).
   */
  private static Executor loads(Context trace, String requestId) {
    return task ->
        Thread.ofVirtual()
            .name("cache-miss")
            .start(
                trace.wrap(
                    () -> {
                      if (requestId != null) {
                        MDC.put(REQUEST_ID, requestId);
                      }
                      task.run();
                    }));
  }

  private final ReadCache<E, I, O> cache;

  /** The same cache when it keeps answers as bytes; null when it keeps values only. */
  private final AnswerCache<E, I, O> answers;

  public CacheAside(ReadCache<E, I, O> cache) {
    this.cache = cache;
    this.answers = cache instanceof AnswerCache<E, I, O> bytes ? bytes : null;
  }

  /** One entity by id; a missing entity is not cached. */
  public Optional<E> byId(I id, Function<I, Optional<E>> load) {
    CacheRead<E> read = cache.get(id);
    if (read.value().isPresent()) {
      return read.value();
    }
    Optional<E> value = load.apply(id);
    value.ifPresent(v -> read.fillToken().ifPresent(token -> cache.put(id, v, token)));
    return value;
  }

  public Page<E> page(PageRequest page, Function<PageRequest, Page<E>> load) {
    return readThrough(
        cache.getPage(page),
        () -> load.apply(page),
        (value, token) -> cache.putPage(page, value, token));
  }

  /** The entities related to one of the other side (e.g. the courses of a student). */
  public List<E> related(O other, Function<O, List<E>> load) {
    return readThrough(
        cache.getRelated(other),
        () -> load.apply(other),
        (value, token) -> cache.putRelated(other, value, token));
  }

  /** {@link #byId} as an answer in {@code format}; a missing entity is not cached. */
  public CompletionStage<Optional<Answer<E>>> answerById(
      I id, WireFormat format, Function<I, Optional<E>> load) {
    if (answers == null) {
      return CompletableFuture.completedFuture(byId(id, load).map(Answer::loaded));
    }
    Context trace = Context.current();
    String requestId = MDC.get(REQUEST_ID);
    return answers
        .getBytes(id, format)
        .thenCompose(
            read ->
                read.value().isPresent()
                    ? CompletableFuture.completedFuture(
                        Optional.of(Answer.<E>stored(read.value().get())))
                    : CompletableFuture.supplyAsync(
                        () -> {
                          Optional<E> value = load.apply(id);
                          value.ifPresent(
                              v -> read.fillToken().ifPresent(token -> cache.put(id, v, token)));
                          return value.map(Answer::loaded);
                        },
                        loads(trace, requestId)));
  }

  /** {@link #page} as an answer in {@code format}. */
  public CompletionStage<Answer<Page<E>>> answerPage(
      PageRequest page, WireFormat format, Function<PageRequest, Page<E>> load) {
    if (answers == null) {
      return CompletableFuture.completedFuture(Answer.loaded(page(page, load)));
    }
    return answerThrough(
        answers.getPageBytes(page, format),
        () -> load.apply(page),
        (value, token) -> cache.putPage(page, value, token));
  }

  /** {@link #related} as an answer in {@code format}. */
  public CompletionStage<Answer<List<E>>> answerRelated(
      O other, WireFormat format, Function<O, List<E>> load) {
    if (answers == null) {
      return CompletableFuture.completedFuture(Answer.loaded(related(other, load)));
    }
    return answerThrough(
        answers.getRelatedBytes(other, format),
        () -> load.apply(other),
        (value, token) -> cache.putRelated(other, value, token));
  }

  private static <T> T readThrough(
      CacheRead<T> read, Supplier<T> load, BiConsumer<T, String> fill) {
    if (read.value().isPresent()) {
      return read.value().get();
    }
    T value = load.get();
    read.fillToken().ifPresent(token -> fill.accept(value, token));
    return value;
  }

  private static <T> CompletionStage<Answer<T>> answerThrough(
      CompletionStage<CacheRead<byte[]>> lookUp, Supplier<T> load, BiConsumer<T, String> fill) {
    Context trace = Context.current();
    String requestId = MDC.get(REQUEST_ID);
    return lookUp.thenCompose(
        read ->
            read.value().isPresent()
                ? CompletableFuture.completedFuture(Answer.<T>stored(read.value().get()))
                : CompletableFuture.supplyAsync(
                    () -> {
                      T value = load.get();
                      read.fillToken().ifPresent(token -> fill.accept(value, token));
                      return Answer.loaded(value);
                    },
                    loads(trace, requestId)));
  }
}
