package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.CachedQueries;
import dev.nis.common.application.CommandApplier;
import dev.nis.common.application.CommandSubmitter;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.EnrollmentApplier;
import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.application.port.out.IdempotencyStore;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.RequestFingerprint;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.CommandFixture;
import dev.nis.common.testing.EntityFixture;
import dev.nis.common.testing.InMemoryEnrollmentInbox;
import dev.nis.common.testing.InMemoryIdempotencyStore;
import dev.nis.common.testing.InMemoryOperationLog;
import dev.nis.common.testing.InMemoryReadCache;
import dev.nis.common.testing.PortView;
import dev.nis.common.testing.RecordingCommandQueue;
import dev.nis.common.testing.RecordingEnrollmentLog;
import dev.nis.common.testing.TestDelivery;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A service's core (its queries, command submission and command application) over in-memory
 * collaborators, held once for what both cores do alike: accepting queues a pending operation,
 * refusals queue nothing, redelivered commands change nothing, deletes are final, an update touches
 * the related ids it drops and adds, pages and holders read the store, and the related view asks
 * the other service only for an existing entity; {@link OncePerKey}, requests with an
 * Idempotency-Key; and, {@link Cached}, the same queries as the service serves them through its
 * read cache. A subclass per service makes its core over the collaborators given here and keeps the
 * scenarios of its own rules (the cap and its compensation, the full-name rule).
 *
 * @param <E> the entity
 * @param <I> its id type (comparable: pages are in id order)
 * @param <O> the id type of the other side
 * @param <C> the service's command type
 */
public abstract class CoreServiceContract<E, I extends Comparable<I>, O, C extends Command<I>> {
  /** The core's reads and submission, as these scenarios call them. */
  public interface Core<E, I, O, C> {
    Optional<E> get(I id);

    Page<E> page(PageRequest page);

    List<E> holding(O other);

    /** The related view of the other service, e.g. the students of a course. */
    Optional<Object> related(I id);

    AcceptResult<I> accept(C command);

    AcceptResult<I> accept(C command, IdempotentRequest request);

    Optional<Operation> operation(OperationId id);
  }

  protected final RecordingCommandQueue<C> queue = new RecordingCommandQueue<>();
  protected final InMemoryOperationLog operations = new InMemoryOperationLog();
  protected final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore();
  protected final RecordingEnrollmentLog log = new RecordingEnrollmentLog();
  private final EntityFixture<E, I, O> entities;
  private final CommandFixture<E, I, C> commands;
  private final Class<?> queriesPort;
  private final String portNames;
  private final List<?> peerAnswer;
  private CommandApplication<C, I, O> application;
  private Core<E, I, O, C> core;

  /**
   * @param queriesPort the service's queries port, which the core implements and {@link
   *     CachedQueries} caches
   * @param portNames the port's names of the reads, e.g. {@code "get=getCourse, page=listCourses,
   *     holding=listCoursesByStudent, related=studentsOfCourse"}
   * @param peerAnswer what the other service answers for the related view, in {@link #newCore}
   */
  protected CoreServiceContract(
      EntityFixture<E, I, O> entities,
      CommandFixture<E, I, C> commands,
      Class<?> queriesPort,
      String portNames,
      List<?> peerAnswer) {
    this.entities = entities;
    this.commands = commands;
    this.queriesPort = queriesPort;
    this.portNames = portNames;
    this.peerAnswer = List.copyOf(peerAnswer);
  }

  /**
   * The service's core over its in-memory repository and these collaborators, its directory of the
   * other service answering the peer answer.
   */
  protected abstract CommandApplication<C, I, O> newCore(
      RecordingCommandQueue<C> queue,
      OperationLog operations,
      IdempotencyStore idempotency,
      EnrollmentLog log);

  @BeforeEach
  @SuppressWarnings("unchecked")
  void wire() {
    application = newCore(queue, operations, idempotency, log);
    core = PortView.of(Core.class, application, portNames);
  }

  /** Applies the command and then the enrollment log, as the two consumers would. */
  protected ApplyResult<I, O> applied(C command, long sequence) {
    ApplyResult<I, O> result = application.apply(command, sequence);
    log.drainInto((change, logSequence, id) -> application.applyEnrollment(change, logSequence));
    return result;
  }

  /** Applies the create (and the log) and reads the entity back. */
  protected E created(C create, long sequence) {
    applied(create, sequence);
    return core.get(create.entityId()).orElseThrow();
  }

  private E created(E entity, long sequence) {
    return created(commands.create(entity), sequence);
  }

  private I idOf(E entity) {
    return entities.idOf(entity);
  }

  private static void assertRefused(AcceptResult<?> result, Rejection.Kind kind) {
    assertThat(result)
        .isInstanceOfSatisfying(
            AcceptResult.Refused.class, r -> assertThat(r.rejection().kind()).isEqualTo(kind));
  }

  private static void assertRejected(ApplyResult<?, ?> result, Rejection.Kind kind) {
    assertThat(result)
        .isInstanceOfSatisfying(
            ApplyResult.Rejected.class, r -> assertThat(r.rejection().kind()).isEqualTo(kind));
  }

  @Test
  void acceptedCreate_isQueuedAndPendingButNotYetStored() {
    C create = commands.create(entities.anEntity(List.of()));

    AcceptResult<I> result = core.accept(create);

    assertThat(result)
        .isEqualTo(new AcceptResult.Accepted<>(create.operationId(), create.entityId()));
    assertThat(queue.queued).containsExactly(create);
    assertThat(core.operation(create.operationId()))
        .get()
        .extracting(Operation::state)
        .isEqualTo(Operation.State.PENDING);
    assertThat(core.get(create.entityId())).isEmpty();
  }

  /** The services share the operations bucket; each answers for its own operations only. */
  @Test
  void anOperationOfTheOtherService_isNotFoundHere() {
    String ourEntity = entities.newId().toString();
    String theirEntity =
        CourseId.isWellFormed(ourEntity) ? StudentId.next().toString() : CourseId.next().toString();
    OperationId ours = OperationId.random();
    OperationId theirs = OperationId.random();
    operations.markPending(Operation.pending(ours, ourEntity, Action.CREATE));
    operations.markPending(Operation.pending(theirs, theirEntity, Action.CREATE));

    assertThat(core.operation(ours)).isPresent();
    assertThat(core.operation(theirs)).isEmpty();
  }

  @Test
  void updateOrDeleteOfAnUnknownEntity_isRefusedAsNotFoundAndNothingIsQueued() {
    assertRefused(
        core.accept(commands.update(entities.withId(entities.newId(), "unknown"))),
        Rejection.Kind.NOT_FOUND);
    assertRefused(core.accept(commands.delete(entities.newId())), Rejection.Kind.NOT_FOUND);

    assertThat(queue.queued).isEmpty();
    assertThat(operations.size()).isZero();
  }

  @Test
  void queueDown_failsTheAcceptAsUnavailable() {
    queue.down = true;

    assertThatThrownBy(() -> core.accept(commands.create(entities.anEntity(List.of()))))
        .isInstanceOf(DependencyUnavailableException.class);
  }

  @Test
  void redeliveredUpdate_doesNotUndoALaterOne() {
    E entity = created(entities.anEntity(List.of()), 1);
    C first = commands.update(entities.withId(idOf(entity), "first"));
    E later = entities.withId(idOf(entity), "later", List.of(entities.anOther()));
    applied(first, 2);
    applied(commands.update(later), 3);

    ApplyResult<I, O> redelivered = applied(first, 2);

    assertThat(redelivered).isInstanceOf(ApplyResult.Applied.class);
    assertThat(core.get(idOf(entity))).contains(later);
  }

  @Test
  void redeliveredCreate_changesNothing() {
    E entity = entities.anEntity(List.of());
    created(entity, 1);
    E renamed = entities.withId(idOf(entity), "renamed");
    applied(commands.update(renamed), 2);

    assertThat(applied(commands.create(entity), 1)).isInstanceOf(ApplyResult.Applied.class);

    assertThat(core.get(idOf(entity))).contains(renamed);
  }

  @Test
  void updateOfAnEntityDeletedMeanwhile_isRejectedAsNotFound() {
    E entity = created(entities.anEntity(List.of()), 1);
    applied(commands.delete(idOf(entity)), 2);

    assertRejected(
        applied(commands.update(entities.withId(idOf(entity), "renamed")), 3),
        Rejection.Kind.NOT_FOUND);
  }

  @Test
  void redeliveredDelete_isStillApplied() {
    E entity = created(entities.anEntity(List.of()), 1);
    C delete = commands.delete(idOf(entity));
    applied(delete, 2);

    assertThat(applied(delete, 2)).isInstanceOf(ApplyResult.Applied.class);
    assertThat(core.get(idOf(entity))).isEmpty();
  }

  @Test
  void secondDelete_isRejectedAsNotFound() {
    E entity = created(entities.anEntity(List.of()), 1);
    applied(commands.delete(idOf(entity)), 2);

    assertRejected(applied(commands.delete(idOf(entity)), 3), Rejection.Kind.NOT_FOUND);
    assertThat(core.get(idOf(entity))).isEmpty();
  }

  @Test
  void anUpdateAppliedBeforeTheLogAppliedTheCreatesAdds_stillReplacesTheWholeList() {
    O early = entities.anOther();
    E entity = entities.holding(early);
    application.apply(commands.create(entity), 1); // its add waits in the log
    O kept = entities.anOther();
    E replaced = entities.withId(idOf(entity), "replaced", List.of(kept));
    application.apply(commands.update(replaced), 2);

    log.drainInto((change, logSequence, id) -> application.applyEnrollment(change, logSequence));

    assertThat(core.get(idOf(entity))).contains(replaced);
  }

  @Test
  void anUpdateRacingAnotherUpdatesAdds_stillReplacesTheWholeList() {
    E entity = created(entities.anEntity(List.of()), 1);
    application.apply(
        commands.update(entities.withId(idOf(entity), "first", List.of(entities.anOther()))), 2);
    E second = entities.withId(idOf(entity), "second", List.of());
    application.apply(commands.update(second), 3);

    log.drainInto((change, logSequence, id) -> application.applyEnrollment(change, logSequence));

    assertThat(core.get(idOf(entity))).contains(second);
  }

  @Test
  void updateTouchesOldAndNewRelated_andDeleteTheLastOnes() {
    O before = entities.anOther();
    O after = entities.anOther();
    E entity = created(entities.holding(before), 1);

    ApplyResult<I, O> updated =
        applied(commands.update(entities.withId(idOf(entity), "moved", List.of(after))), 2);
    ApplyResult<I, O> deleted = applied(commands.delete(idOf(entity)), 3);

    assertThat(((ApplyResult.Applied<I, O>) updated).touched())
        .containsExactlyInAnyOrder(before, after);
    assertThat(((ApplyResult.Applied<I, O>) deleted).touched()).containsExactly(after);
  }

  @Test
  void listsPageThroughEveryEntityOnce_inIdOrder() {
    for (int i = 0; i < 5; i++) {
      created(entities.anEntity(List.of()), i + 1);
    }
    Page<E> first = core.page(PageRequest.first(3));
    Page<E> second = core.page(PageRequest.of(3, first.nextCursor().orElseThrow()));

    assertThat(first.items()).hasSize(3);
    assertThat(second.items()).hasSize(2);
    assertThat(second.nextCursor()).isEmpty();
    assertThat(first.items()).doesNotContainAnyElementsOf(second.items());
    assertThat(idOf(first.items().getLast())).isLessThan(idOf(second.items().getFirst()));
  }

  @Test
  void holders_areThoseThatListTheOther() {
    O other = entities.anOther();
    E holder = created(entities.holding(other), 1);
    created(entities.holding(entities.anOther()), 2);

    assertThat(core.holding(other)).containsExactly(holder);
    assertThat(core.holding(entities.anOther())).isEmpty();
  }

  @Test
  void theRelated_askThePeerServiceOnlyForAnExistingEntity() {
    E entity = created(entities.anEntity(List.of()), 1);

    assertThat(core.related(idOf(entity))).contains((Object) peerAnswer);
    assertThat(core.related(entities.newId())).isEmpty();
  }

  /**
   * Accepting with an Idempotency-Key ({@link CommandSubmitter#submitOnce}): a repeat of the key's
   * first request is answered with the first operation and queues nothing new, unless the first's
   * command may be missing from the queue; the key with another request is refused (422); a refused
   * request leaves the key unused.
   */
  @Nested
  class OncePerKey {
    private final IdempotencyKey key = new IdempotencyKey("consumer-1", "retry-me");

    private IdempotentRequest request(String body) {
      return new IdempotentRequest(
          key, RequestFingerprint.of("POST", "/x", body.getBytes(StandardCharsets.UTF_8)));
    }

    private C aCreate() {
      return commands.create(entities.named("repeated", List.of()));
    }

    private void recordApplied(C command) {
      operations.recordOutcome(
          Operation.applied(
              command.operationId(), command.entityId().toString(), command.action()));
    }

    private static <I> AcceptResult<I> acceptedAs(Command<I> first) {
      return new AcceptResult.Accepted<>(first.operationId(), first.entityId());
    }

    @Test
    void theFirstRequestWithAKey_isQueuedAsWithout() {
      C create = aCreate();

      assertThat(core.accept(create, request("a"))).isEqualTo(acceptedAs(create));

      assertThat(queue.queued).containsExactly(create);
      assertThat(idempotency.claims.get(key).operationId()).isEqualTo(create.operationId());
    }

    @Test
    void aRepeat_isAnsweredWithTheFirstOperation_andQueuesNothing() {
      C first = aCreate();
      core.accept(first, request("a"));
      recordApplied(first);

      AcceptResult<I> repeat = core.accept(aCreate(), request("a"));

      assertThat(repeat).isEqualTo(acceptedAs(first));
      assertThat(queue.queued).containsExactly(first);
      assertThat(operations.size()).isOne();
    }

    @Test
    void aRepeatOfAnAppliedCreate_isStillItsFirstOperation_whereTheCoreWouldNowRefuseIt() {
      C first = aCreate();
      core.accept(first, request("a"));
      applied(first, 1);
      recordApplied(first);

      assertThat(core.accept(aCreate(), request("a"))).isEqualTo(acceptedAs(first));
      assertThat(queue.queued).containsExactly(first);
    }

    @Test
    void aRepeatedDelete_afterItWasApplied_isItsFirstOperation_notA404() {
      E entity = created(entities.anEntity(List.of()), 1);
      C delete = commands.delete(idOf(entity));
      core.accept(delete, request(""));
      applied(delete, 2);
      recordApplied(delete);

      assertThat(core.accept(commands.delete(idOf(entity)), request("")))
          .isEqualTo(acceptedAs(delete));
      assertThat(queue.queued).containsExactly(delete);
    }

    @Test
    void theKeyWithAnotherRequest_isRefusedAsUnprocessable_andQueuesNothing() {
      C first = aCreate();
      core.accept(first, request("a"));

      assertRefused(core.accept(aCreate(), request("b")), Rejection.Kind.UNPROCESSABLE);
      assertThat(queue.queued).containsExactly(first);
    }

    @Test
    void aRefusedRequest_leavesItsKeyUnused() {
      assertRefused(
          core.accept(commands.delete(entities.newId()), request("a")), Rejection.Kind.NOT_FOUND);
      assertThat(idempotency.claims).isEmpty();

      C create = aCreate();
      assertThat(core.accept(create, request("b"))).isEqualTo(acceptedAs(create));
    }

    @Test
    void aRetryAfterTheQueueFailed_queuesTheFirstOperation() {
      C first = aCreate();
      queue.down = true;
      assertThatThrownBy(() -> core.accept(first, request("a")))
          .isInstanceOf(DependencyUnavailableException.class);
      queue.down = false;

      assertThat(core.accept(aCreate(), request("a"))).isEqualTo(acceptedAs(first));

      assertThat(queue.queued).singleElement().isEqualTo(first);
    }

    @Test
    void aRepeatOfAClaimWithoutOperation_queuesTheFirstsCommand_atAnyAge() {
      C first = aCreate();
      idempotency.claim(key, claimOf(first, "a", Instant.now().minus(Duration.ofHours(3))));

      assertThat(core.accept(aCreate(), request("a"))).isEqualTo(acceptedAs(first));

      assertThat(queue.queued).singleElement().isEqualTo(first);
      assertThat(core.operation(first.operationId())).isPresent();
    }

    /**
     * The first request recorded its operation and then failed to publish (a 503), hours ago: the
     * repeat queues the command again, as a reissue (until 2026-12-07 a repeat past a minute queued
     * nothing, and the operation stayed pending for good).
     */
    @Test
    void aRepeatOfAPendingOperation_reissuesTheFirstsCommand_atAnyAge() {
      C first = aCreate();
      operations.markPending(
          Operation.pending(first.operationId(), first.entityId().toString(), first.action()));
      idempotency.claim(key, claimOf(first, "a", Instant.now().minus(Duration.ofHours(3))));

      assertThat(core.accept(aCreate(), request("a"))).isEqualTo(acceptedAs(first));
      assertThat(queue.reissued).singleElement().isEqualTo(first);
    }

    @Test
    void aRepeatOfADecidedOperation_queuesNothing() {
      C first = aCreate();
      operations.recordOutcome(
          Operation.applied(first.operationId(), first.entityId().toString(), first.action()));
      idempotency.claim(key, claimOf(first, "a", Instant.now()));

      assertThat(core.accept(aCreate(), request("a"))).isEqualTo(acceptedAs(first));
      assertThat(queue.queued).isEmpty();
    }

    private IdempotencyStore.Claim claimOf(C first, String body, Instant at) {
      return new IdempotencyStore.Claim(
          request(body).fingerprint(), first.operationId(), first.entityId().toString(), at);
    }
  }

  /**
   * The core's queries port as the service serves it, cached by {@link CachedQueries} over
   * common-lib's {@link InMemoryReadCache}: a second read is a hit, an applied change is visible at
   * once, a slow reader racing an invalidation cannot fill the old state, a rejected apply
   * invalidates nothing, and with the cache down reads come from the database while an apply is not
   * reported done.
   */
  @Nested
  class Cached {
    private final AtomicInteger databaseReads = new AtomicInteger();
    private final InMemoryReadCache<E, I, O> cache = new InMemoryReadCache<>();
    private volatile Runnable duringDatabaseRead = () -> {};
    private Core<E, I, O, C> cached;

    @BeforeEach
    @SuppressWarnings({"unchecked", "rawtypes"})
    void wireTheCache() {
      Object port = CachedQueries.port((Class) queriesPort, countingReads(), cache);
      cached = PortView.of(Core.class, port, portNames);
    }

    /** The core's queries, counting the three reads and letting a test act in the middle of get. */
    private Object countingReads() {
      Map<String, String> names = new HashMap<>();
      for (String rename : portNames.split(",")) {
        names.put(rename.split("=")[0].trim(), rename.split("=")[1].trim());
      }
      Set<String> reads = Set.of(names.get("get"), names.get("page"), names.get("holding"));
      return Proxy.newProxyInstance(
          queriesPort.getClassLoader(),
          new Class<?>[] {queriesPort},
          (self, method, args) -> {
            if (reads.contains(method.getName())) {
              databaseReads.incrementAndGet();
            }
            try {
              Object result = method.invoke(application, args);
              if (method.getName().equals(names.get("get"))) {
                duringDatabaseRead.run();
              }
              return result;
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    /** Applies a command as the queue consumer does: store, invalidate, record, ack. */
    private void apply(C command, long sequence) {
      new CommandApplier<>(application, cache, operations, new OperationOutcomes())
          .apply(TestDelivery.of(command, sequence));
    }

    /** Applies the enrollment-log entries appended so far, as the log consumer does. */
    private void applyLog() {
      EnrollmentApplier<I, O> logApplier =
          new EnrollmentApplier<>(
              application,
              cache,
              new InMemoryEnrollmentInbox(),
              operations,
              EnrollmentOutcome.Side.COURSES);
      log.drainInto(
          (change, sequence, entryId) ->
              logApplier.apply(TestDelivery.of(change, sequence, entryId)));
    }

    private E stored(List<O> related) {
      E entity = entities.anEntity(related);
      apply(commands.create(entity), 1);
      applyLog();
      return cached.get(idOf(entity)).orElseThrow();
    }

    private E renamed(E entity) {
      return entities.withId(idOf(entity), "renamed");
    }

    @Test
    void secondRead_isServedFromTheCache() {
      E entity = stored(List.of());
      databaseReads.set(0);

      assertThat(cached.get(idOf(entity))).contains(entity);
      assertThat(databaseReads.get()).isZero();
    }

    @Test
    void appliedChange_isVisibleAtOnceThroughTheCache() {
      O other = entities.anOther();
      E entity = stored(List.of(other));
      cached.page(PageRequest.first(10));
      assertThat(cached.holding(other)).containsExactly(entity);

      apply(commands.update(renamed(entity)), 2);
      applyLog();

      assertThat(cached.get(idOf(entity))).contains(renamed(entity));
      assertThat(cached.page(PageRequest.first(10)).items().getFirst()).isEqualTo(renamed(entity));
      assertThat(cached.holding(other)).isEmpty();
    }

    @Test
    void slowReaderRacingAnInvalidation_doesNotFillTheCacheWithTheOldState() {
      E entity = stored(List.of());
      cache.values.clear();
      duringDatabaseRead =
          () -> {
            duringDatabaseRead = () -> {};
            apply(commands.update(renamed(entity)), 2);
          };

      Optional<E> raced = cached.get(idOf(entity));

      assertThat(raced).contains(entity);
      assertThat(cached.get(idOf(entity))).contains(renamed(entity));
    }

    @Test
    void aRejectedApply_invalidatesNothing() {
      E entity = stored(List.of());
      cached.get(idOf(entity));
      long generation = cache.generation.get();

      apply(commands.update(entities.withId(entities.newId(), "unknown")), 2);

      assertThat(cache.generation.get()).isEqualTo(generation);
    }

    @Test
    void aRedeliveredCommand_leavesItsRecordedOutcomeAndVerdictsAsTheyAre() {
      O other = entities.anOther();
      E entity = stored(List.of());
      C first = commands.update(entities.withId(idOf(entity), "first", List.of(other)));
      TestDelivery<C> delivery = TestDelivery.of(first, 2);
      CommandApplier<C, I, O> applier =
          new CommandApplier<>(application, cache, operations, new OperationOutcomes());
      applier.apply(delivery);
      applyLog();
      apply(commands.delete(idOf(entity)), 3);
      Operation recorded = operations.find(first.operationId()).orElseThrow();

      // its ack was lost: the update comes again after the delete, and now finds nothing to update
      TestDelivery<C> again = delivery.again();
      applier.apply(again);

      assertThat(again.acked()).isTrue();
      assertThat(operations.find(first.operationId())).contains(recorded);
      assertThat(recorded.state()).isEqualTo(Operation.State.APPLIED);
      assertThat(recorded.enrollments()).hasSize(1);
    }

    /**
     * A reissue of an applied update, stored past the queue's duplicate window behind a later
     * update (a sequence of its own, newer than the later one's): it changes nothing, and its
     * operation keeps its outcome. A reissue of an undecided operation applies.
     */
    @Test
    void aReissueOfADecidedCommand_changesNothing_andOfAPendingOneApplies() {
      E entity = stored(List.of());
      C first = commands.update(entities.withId(idOf(entity), "first"));
      apply(first, 2);
      E later = entities.withId(idOf(entity), "later");
      apply(commands.update(later), 3);
      Operation recorded = operations.find(first.operationId()).orElseThrow();
      CommandApplier<C, I, O> applier =
          new CommandApplier<>(application, cache, operations, new OperationOutcomes());

      TestDelivery<C> late = TestDelivery.reissued(first, 4, first.operationId().toString());
      applier.apply(late);

      assertThat(late.acked()).isTrue();
      assertThat(cached.get(idOf(entity))).contains(later);
      assertThat(operations.find(first.operationId())).contains(recorded);

      C unapplied = commands.update(entities.withId(idOf(entity), "unapplied"));
      operations.markPending(
          Operation.pending(
              unapplied.operationId(), unapplied.entityId().toString(), unapplied.action()));
      applier.apply(TestDelivery.reissued(unapplied, 5, unapplied.operationId().toString()));

      assertThat(cached.get(idOf(entity))).contains(entities.withId(idOf(entity), "unapplied"));
      assertThat(operations.find(unapplied.operationId()))
          .get()
          .extracting(Operation::state)
          .isEqualTo(Operation.State.APPLIED);
    }

    @Test
    void cacheDown_readsComeFromTheDatabase() {
      E entity = stored(List.of());
      cache.down = true;

      assertThat(cached.get(idOf(entity))).contains(entity);
      assertThat(cached.page(PageRequest.first(5)).items()).containsExactly(entity);
    }

    @Test
    void cacheDown_anApplyIsNotReportedDone() {
      E entity = stored(List.of());
      cache.down = true;

      assertThatThrownBy(() -> apply(commands.update(renamed(entity)), 2))
          .isInstanceOf(DependencyUnavailableException.class);
    }
  }
}
