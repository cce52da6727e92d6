package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.CommandApplier;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.EnrollmentApplier;
import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.testing.CommandFixture;
import dev.nis.common.testing.EntityFixture;
import dev.nis.common.testing.InMemoryOperationLog;
import dev.nis.common.testing.InMemoryReadCache;
import dev.nis.common.testing.PortView;
import dev.nis.common.testing.RecordingEnrollmentLog;
import dev.nis.common.testing.TestDelivery;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cached queries port of a service over its core, held once: a second read is a hit, an applied
 * change is visible at once, a slow reader racing an invalidation cannot fill the old state, a
 * rejected apply invalidates nothing, and with the cache down reads come from the database while an
 * apply is not reported done. The core runs over in-memory collaborators; the cache is common-lib's
 * {@link InMemoryReadCache}. A subclass per service names its queries port, its caching and how to
 * make its core.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 * @param <C> the service's command type
 * @param <Q> the service's queries port
 */
public abstract class CachingQueriesContract<E, I, O, C extends Command<I>, Q> {
  /** The queries port as these scenarios call it; a subclass maps its names onto these. */
  public interface Reads<E, I, O> {
    Optional<E> get(I id);

    Page<E> page(PageRequest page);

    List<E> holding(O other);
  }

  private final EntityFixture<E, I, O> entities;
  private final CommandFixture<E, I, C> commands;
  private final Class<Q> queriesPort;
  private final String readNames;
  private final BiFunction<Q, ReadCache<E, I, O>, Q> caching;
  private final AtomicInteger databaseReads = new AtomicInteger();
  private final InMemoryOperationLog operations = new InMemoryOperationLog();
  private final RecordingEnrollmentLog log = new RecordingEnrollmentLog();
  private final InMemoryReadCache<E, I, O> cache = new InMemoryReadCache<>();
  private volatile Runnable duringDatabaseRead = () -> {};
  private CommandApplication<C, I, O> core;
  private Reads<E, I, O> cached;

  /**
   * @param readNames the port's names of the three reads, e.g. {@code "get=getCourse,
   *     page=listCourses, holding=listCoursesByStudent"}
   * @param caching the service's caching of its port, e.g. {@code
   *     CachedQueries.port(CourseQueries.class, ...)}
   */
  protected CachingQueriesContract(
      EntityFixture<E, I, O> entities,
      CommandFixture<E, I, C> commands,
      Class<Q> queriesPort,
      String readNames,
      BiFunction<Q, ReadCache<E, I, O>, Q> caching) {
    this.entities = entities;
    this.commands = commands;
    this.queriesPort = queriesPort;
    this.readNames = readNames;
    this.caching = caching;
  }

  /** The service's core over in-memory collaborators, with these operation and enrollment logs. */
  protected abstract CommandApplication<C, I, O> newCore(
      OperationLog operations, EnrollmentLog log);

  @BeforeEach
  @SuppressWarnings("unchecked")
  void wire() {
    core = newCore(operations, log);
    Q counting = countingReads(queriesPort.cast(core));
    cached = PortView.of(Reads.class, caching.apply(counting, cache), readNames);
  }

  /** The core's queries, counting the three reads and letting a test act in the middle of get. */
  private Q countingReads(Q queries) {
    Set<String> reads =
        Arrays.stream(readNames.split(","))
            .map(rename -> rename.split("=")[1].trim())
            .collect(Collectors.toSet());
    String get = reads.stream().filter(name -> name.startsWith("get")).findFirst().orElseThrow();
    Object proxy =
        Proxy.newProxyInstance(
            queriesPort.getClassLoader(),
            new Class<?>[] {queriesPort},
            (self, method, args) -> {
              if (reads.contains(method.getName())) {
                databaseReads.incrementAndGet();
              }
              try {
                Object result = method.invoke(queries, args);
                if (method.getName().equals(get)) {
                  duringDatabaseRead.run();
                }
                return result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return queriesPort.cast(proxy);
  }

  /** Applies a command as the queue consumer does: store, invalidate, record, ack. */
  private void apply(C command, long sequence) {
    new CommandApplier<>(core, cache, operations).apply(TestDelivery.of(command, sequence));
  }

  /** Applies the enrollment-log entries appended so far, as the log consumer does. */
  private void applyLog() {
    EnrollmentApplier<I, O> logApplier = new EnrollmentApplier<>(core, cache);
    log.drainInto((change, sequence) -> logApplier.apply(TestDelivery.of(change, sequence)));
  }

  @SafeVarargs
  private E stored(O... related) {
    E entity = entities.holding(related);
    apply(commands.create(entity), 1);
    applyLog();
    return cached.get(entities.idOf(entity)).orElseThrow();
  }

  private E renamed(E entity) {
    return entities.withId(entities.idOf(entity), "renamed");
  }

  @Test
  void secondRead_isServedFromTheCache() {
    E entity = stored();
    databaseReads.set(0);

    assertThat(cached.get(entities.idOf(entity))).contains(entity);
    assertThat(databaseReads.get()).isZero();
  }

  @Test
  void appliedChange_isVisibleAtOnceThroughTheCache() {
    O other = entities.anOther();
    E entity = stored(other);
    cached.page(PageRequest.first(10));
    assertThat(cached.holding(other)).containsExactly(entity);

    apply(commands.update(renamed(entity)), 2);
    applyLog();

    assertThat(cached.get(entities.idOf(entity))).contains(renamed(entity));
    assertThat(cached.page(PageRequest.first(10)).items().getFirst()).isEqualTo(renamed(entity));
    assertThat(cached.holding(other)).isEmpty();
  }

  @Test
  void slowReaderRacingAnInvalidation_doesNotFillTheCacheWithTheOldState() {
    E entity = stored();
    cache.values.clear();
    duringDatabaseRead =
        () -> {
          duringDatabaseRead = () -> {};
          apply(commands.update(renamed(entity)), 2);
        };

    Optional<E> raced = cached.get(entities.idOf(entity));

    assertThat(raced).contains(entity);
    assertThat(cached.get(entities.idOf(entity))).contains(renamed(entity));
  }

  @Test
  void aRejectedApply_invalidatesNothing() {
    E entity = stored();
    cached.get(entities.idOf(entity));
    long generation = cache.generation.get();

    apply(commands.update(entities.withId(entities.newId(), "unknown")), 2);

    assertThat(cache.generation.get()).isEqualTo(generation);
  }

  @Test
  void cacheDown_readsComeFromTheDatabase() {
    E entity = stored();
    cache.down = true;

    assertThat(cached.get(entities.idOf(entity))).contains(entity);
    assertThat(cached.page(PageRequest.first(5)).items()).containsExactly(entity);
  }

  @Test
  void cacheDown_anApplyIsNotReportedDone() {
    E entity = stored();
    cache.down = true;

    assertThatThrownBy(() -> apply(commands.update(renamed(entity)), 2))
        .isInstanceOf(DependencyUnavailableException.class);
  }
}
