package dev.nis.common.application;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.testing.InMemoryReadCache;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@link CachedQueries} serving the {@link Answer} form of a view: a hit is the stored bytes of the
 * format asked for with no read of the store; a miss loads through the value's read on a virtual
 * thread (not the caller's, which may be a transport thread), fills every format, and answers the
 * value; the cache down answers the value and fills nothing; over a cache that keeps values only,
 * the answer is the value; a mis-shaped port is refused at wiring.
 */
class CachedQueriesAnswersTest {
  /** A queries port in the shape of the services' ports: names by id, a page, names by length. */
  interface Names {
    @CachedView(CachedView.View.BY_ID)
    Optional<String> name(Integer id);

    @CachedView(CachedView.View.BY_ID)
    default CompletionStage<Optional<Answer<String>>> name(Integer id, WireFormat format) {
      return CompletableFuture.completedFuture(name(id).map(Answer::loaded));
    }

    @CachedView(CachedView.View.PAGE)
    Page<String> names(PageRequest page);

    @CachedView(CachedView.View.PAGE)
    default CompletionStage<Answer<Page<String>>> names(PageRequest page, WireFormat format) {
      return CompletableFuture.completedFuture(Answer.loaded(names(page)));
    }

    @CachedView(CachedView.View.RELATED)
    List<String> namesOfLength(Integer length);

    @CachedView(CachedView.View.RELATED)
    default CompletionStage<Answer<List<String>>> namesOfLength(Integer length, WireFormat format) {
      return CompletableFuture.completedFuture(Answer.loaded(namesOfLength(length)));
    }
  }

  private final AtomicInteger storeReads = new AtomicInteger();
  private final Names store =
      new Names() {
        @Override
        public Optional<String> name(Integer id) {
          storeReads.incrementAndGet();
          return id == 404 ? Optional.empty() : Optional.of("name-" + id);
        }

        @Override
        public Page<String> names(PageRequest page) {
          storeReads.incrementAndGet();
          return Page.last(List.of("a", "b"));
        }

        @Override
        public List<String> namesOfLength(Integer length) {
          storeReads.incrementAndGet();
          return List.of("x".repeat(length));
        }
      };
  private final BytesCache cache = new BytesCache();
  private final Names cached = CachedQueries.port(Names.class, store, cache);

  @Test
  void aMiss_answersTheValue_andFillsEveryFormat_thenAHitIsTheStoredBytes() {
    assertThat(Answer.await(cached.name(7, WireFormat.JSON))).contains(Answer.loaded("name-7"));
    assertThat(storeReads).hasValue(1);

    Answer<String> json = Answer.await(cached.name(7, WireFormat.JSON)).orElseThrow();
    Answer<String> protobuf = Answer.await(cached.name(7, WireFormat.PROTOBUF)).orElseThrow();

    assertThat(storeReads).as("hits read no store").hasValue(1);
    assertThat(json.bytes(v -> null)).isEqualTo(BytesCache.encode(WireFormat.JSON, "name-7"));
    assertThat(protobuf.bytes(v -> null))
        .isEqualTo(BytesCache.encode(WireFormat.PROTOBUF, "name-7"));
    assertThat(cached.name(7)).as("the value form reads the same entry").contains("name-7");
    assertThat(storeReads).hasValue(1);
  }

  @Test
  void aMiss_readsTheStoreOnAVirtualThread_notTheCallers() {
    List<Thread> readers = new java.util.concurrent.CopyOnWriteArrayList<>();
    Names recording =
        CachedQueries.port(
            Names.class,
            new Names() {
              @Override
              public Optional<String> name(Integer id) {
                readers.add(Thread.currentThread());
                return Optional.of("name-" + id);
              }

              @Override
              public Page<String> names(PageRequest page) {
                readers.add(Thread.currentThread());
                return Page.last(List.of());
              }

              @Override
              public List<String> namesOfLength(Integer length) {
                readers.add(Thread.currentThread());
                return List.of();
              }
            },
            cache);

    Answer.await(recording.name(3, WireFormat.PROTOBUF));
    Answer.await(recording.names(PageRequest.first(1), WireFormat.PROTOBUF));
    Answer.await(recording.namesOfLength(2, WireFormat.JSON));

    assertThat(readers)
        .hasSize(3)
        .allSatisfy(
            reader -> {
              assertThat(reader).isNotSameAs(Thread.currentThread());
              assertThat(reader.isVirtual()).isTrue();
            });
  }

  @Test
  void aMissLoad_carriesTheReadersTraceContextAndRequestId_whenTheLookUpCompletesElsewhere()
      throws Exception {
    List<SpanContext> spans = new CopyOnWriteArrayList<>();
    List<String> requestIds = new CopyOnWriteArrayList<>();
    Runnable record =
        () -> {
          spans.add(Span.current().getSpanContext());
          requestIds.add(String.valueOf(MDC.get("request_id")));
        };
    Names recording =
        CachedQueries.port(
            Names.class,
            new Names() {
              @Override
              public Optional<String> name(Integer id) {
                record.run();
                return Optional.of("name-" + id);
              }

              @Override
              public Page<String> names(PageRequest page) {
                record.run();
                return Page.last(List.of());
              }

              @Override
              public List<String> namesOfLength(Integer length) {
                record.run();
                return List.of();
              }
            },
            cache);
    SpanContext reader =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    ExecutorService eventLoop = Executors.newSingleThreadExecutor();
    CountDownLatch replying = new CountDownLatch(1);
    // as lettuce's event loop: the look-ups complete there, after the reads were called
    cache.replies = task -> eventLoop.execute(() -> awaitThen(replying, task));
    List<CompletionStage<?>> reads = new ArrayList<>();
    MDC.put("request_id", "req-7");
    try (Scope scope = Span.wrap(reader).makeCurrent()) {
      reads.add(recording.name(3, WireFormat.PROTOBUF));
      reads.add(recording.names(PageRequest.first(1), WireFormat.PROTOBUF));
      reads.add(recording.namesOfLength(2, WireFormat.JSON));
    } finally {
      MDC.remove("request_id");
      replying.countDown();
    }
    for (CompletionStage<?> read : reads) {
      read.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    eventLoop.shutdownNow();

    assertThat(spans).hasSize(3).containsOnly(reader);
    assertThat(requestIds).containsOnly("req-7");
  }

  private static void awaitThen(CountDownLatch latch, Runnable task) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    task.run();
  }

  @Test
  void pagesAndRelated_areServedAsStoredBytes_afterTheirMiss() {
    PageRequest first = PageRequest.first(2);
    assertThat(Answer.await(cached.names(first, WireFormat.JSON)))
        .isEqualTo(Answer.loaded(Page.last(List.of("a", "b"))));
    assertThat(Answer.await(cached.namesOfLength(3, WireFormat.PROTOBUF)))
        .isEqualTo(Answer.loaded(List.of("xxx")));

    assertThat(Answer.await(cached.names(first, WireFormat.JSON)))
        .isInstanceOf(Answer.Stored.class);
    assertThat(Answer.await(cached.namesOfLength(3, WireFormat.PROTOBUF)))
        .isInstanceOf(Answer.Stored.class);
    assertThat(storeReads).hasValue(2);
  }

  @Test
  void aMissingEntity_isNotCached() {
    assertThat(Answer.await(cached.name(404, WireFormat.JSON))).isEmpty();
    assertThat(Answer.await(cached.name(404, WireFormat.JSON))).isEmpty();

    assertThat(storeReads).hasValue(2);
    assertThat(cache.values).isEmpty();
  }

  @Test
  void aFillRacingAnInvalidation_storesNothing() {
    Names racing =
        CachedQueries.port(
            Names.class,
            new Names() {
              @Override
              public Optional<String> name(Integer id) {
                cache.invalidate(id, Set.of()); // a change applied while the store was read
                return Optional.of("old");
              }

              @Override
              public Page<String> names(PageRequest page) {
                throw new UnsupportedOperationException();
              }

              @Override
              public List<String> namesOfLength(Integer length) {
                throw new UnsupportedOperationException();
              }
            },
            cache);

    assertThat(Answer.await(racing.name(1, WireFormat.JSON))).contains(Answer.loaded("old"));
    assertThat(cache.values).isEmpty();
  }

  @Test
  void theCacheDown_answersTheValue_andFillsNothing() {
    cache.down = true;

    assertThat(Answer.await(cached.name(7, WireFormat.JSON))).contains(Answer.loaded("name-7"));
    assertThat(Answer.await(cached.name(7, WireFormat.JSON))).contains(Answer.loaded("name-7"));
    assertThat(storeReads).hasValue(2);
    assertThat(cache.values).isEmpty();
  }

  @Test
  void overACacheOfValuesOnly_theAnswerIsTheValue_servedCacheAside() {
    Names overValues = CachedQueries.port(Names.class, store, new InMemoryReadCache<>());

    assertThat(Answer.await(overValues.name(7, WireFormat.JSON))).contains(Answer.loaded("name-7"));
    assertThat(Answer.await(overValues.name(7, WireFormat.JSON))).contains(Answer.loaded("name-7"));
    assertThat(storeReads).as("the second is a hit of the value").hasValue(1);
  }

  /** An answer form without the value's read beside it, marked alike. */
  interface Orphan {
    @CachedView(CachedView.View.BY_ID)
    CompletionStage<Optional<Answer<String>>> name(Integer id, WireFormat format);
  }

  /** An answer form whose value's read is marked as another view. */
  interface Mismatched {
    @CachedView(CachedView.View.RELATED)
    Optional<String> name(Integer id);

    @CachedView(CachedView.View.BY_ID)
    CompletionStage<Optional<Answer<String>>> name(Integer id, WireFormat format);
  }

  /** An answer form that answers at once rather than in a stage. */
  interface AtOnce {
    @CachedView(CachedView.View.BY_ID)
    Optional<String> name(Integer id);

    @CachedView(CachedView.View.BY_ID)
    Optional<Answer<String>> name(Integer id, WireFormat format);
  }

  @Test
  void anAnswerForm_thatIsNoStage_isRefusedAtWiring() {
    assertThatThrownBy(
            () ->
                CachedQueries.port(
                    AtOnce.class,
                    new AtOnce() {
                      @Override
                      public Optional<String> name(Integer id) {
                        return Optional.empty();
                      }

                      @Override
                      public Optional<Answer<String>> name(Integer id, WireFormat format) {
                        return Optional.empty();
                      }
                    },
                    cache))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CompletionStage");
  }

  @Test
  void anAnswerForm_withoutItsValueReadMarkedAlike_isRefusedAtWiring() {
    assertThatThrownBy(() -> CachedQueries.port(Orphan.class, (id, format) -> null, cache))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(
            () ->
                CachedQueries.port(
                    Mismatched.class,
                    new Mismatched() {
                      @Override
                      public Optional<String> name(Integer id) {
                        return Optional.empty();
                      }

                      @Override
                      public CompletionStage<Optional<Answer<String>>> name(
                          Integer id, WireFormat format) {
                        return CompletableFuture.completedFuture(Optional.empty());
                      }
                    },
                    cache))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BY_ID");
  }

  /**
   * An {@link AnswerCache} in memory: one generation for everything; a value's formats are {@code
   * "<format>:<value>"}.
   */
  private static final class BytesCache implements AnswerCache<String, Integer, Integer> {
    final Map<String, Object> values = new ConcurrentHashMap<>();
    final AtomicLong generation = new AtomicLong();
    volatile boolean down;

    /** Where look-ups complete: at once (null), or on another thread, as lettuce's replies do. */
    volatile java.util.concurrent.Executor replies;

    private <T> CompletionStage<T> completed(T value) {
      java.util.concurrent.Executor on = replies;
      return on == null
          ? CompletableFuture.completedFuture(value)
          : CompletableFuture.supplyAsync(() -> value, on);
    }

    static byte[] encode(WireFormat format, Object value) {
      return (format + ":" + value).getBytes(UTF_8);
    }

    private <T> CacheRead<T> lookUp(String key, java.util.function.Function<Object, T> as) {
      if (down) {
        return CacheRead.unavailable();
      }
      Object value = values.get(key);
      return value != null
          ? CacheRead.hit(as.apply(value))
          : CacheRead.miss(Long.toString(generation.get()));
    }

    private synchronized void fill(String key, Object value, String token) {
      if (!down && Long.toString(generation.get()).equals(token)) {
        values.put(key, value);
      }
    }

    @Override
    public CacheRead<String> get(Integer id) {
      return lookUp("entity:" + id, String.class::cast);
    }

    @Override
    public CompletionStage<CacheRead<byte[]>> getBytes(Integer id, WireFormat format) {
      return completed(lookUp("entity:" + id, value -> encode(format, value)));
    }

    @Override
    public void put(Integer id, String value, String fillToken) {
      fill("entity:" + id, value, fillToken);
    }

    @Override
    @SuppressWarnings("unchecked")
    public CacheRead<Page<String>> getPage(PageRequest page) {
      return lookUp("page:" + page.key(), value -> (Page<String>) value);
    }

    @Override
    public CompletionStage<CacheRead<byte[]>> getPageBytes(PageRequest page, WireFormat format) {
      return completed(lookUp("page:" + page.key(), value -> encode(format, value)));
    }

    @Override
    public void putPage(PageRequest request, Page<String> page, String fillToken) {
      fill("page:" + request.key(), page, fillToken);
    }

    @Override
    @SuppressWarnings("unchecked")
    public CacheRead<List<String>> getRelated(Integer other) {
      return lookUp("related:" + other, value -> (List<String>) value);
    }

    @Override
    public CompletionStage<CacheRead<byte[]>> getRelatedBytes(Integer other, WireFormat format) {
      return completed(lookUp("related:" + other, value -> encode(format, value)));
    }

    @Override
    public void putRelated(Integer other, List<String> values, String fillToken) {
      fill("related:" + other, values, fillToken);
    }

    @Override
    public synchronized void invalidate(Integer id, Set<Integer> touched) {
      generation.incrementAndGet();
      values.clear();
    }
  }
}
