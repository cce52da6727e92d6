package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.EntityStore;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.testing.EntityFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service's store against its real database, held once: every write guarded by the command's
 * stream sequence (a redelivery changes nothing, a later write supersedes), deletes that leave a
 * tombstone no read sees, the enrollment log's add and remove under a cap, pages in id order, and a
 * database that is down. A subclass per service gives an empty store, what a stored row says (its
 * sequence, whether it is a tombstone) and an unreachable store; what only one store has (MongoDB's
 * indexes, PostgreSQL's full-name rule) stays in that subclass.
 *
 * @param <E> the entity
 * @param <I> its id type (comparable: pages are in id order)
 * @param <O> the id type of the other side
 */
public abstract class SequenceGuardedStoreContract<E, I extends Comparable<I>, O> {
  /** What one stored row (live or tombstone) says about itself. */
  public record Row(long appliedSequence, boolean deleted, boolean hasOwnFields) {}

  /** A scenario run on a store whose database cannot be reached. */
  @FunctionalInterface
  public interface StoreScenario<E, I, O> {
    void run(EntityStore<E, I, O> store);
  }

  private final EntityFixture<E, I, O> entities;
  private final String storeName;
  private final String foreignCursor;
  private final Enum<?> full;
  private final Enum<?> missing;
  private EntityStore<E, I, O> store;

  /**
   * @param storeName the database, as named when it is unavailable
   * @param foreignCursor a cursor that holds no id of this store
   * @param full the enrollment status of an entity at its cap, e.g. {@code COURSE_FULL}
   * @param missing the enrollment status of an entity that is missing or deleted
   */
  protected SequenceGuardedStoreContract(
      EntityFixture<E, I, O> entities,
      String storeName,
      String foreignCursor,
      Enum<?> full,
      Enum<?> missing) {
    this.entities = entities;
    this.storeName = storeName;
    this.foreignCursor = foreignCursor;
    this.full = full;
    this.missing = missing;
  }

  /** The store under test over an emptied database. */
  protected abstract EntityStore<E, I, O> emptyStore();

  /** The stored row of this id, live or tombstone. */
  protected abstract Row row(I id);

  /** How many rows the database holds, tombstones included. */
  protected abstract long rowCount();

  /** Asserts what else a tombstone of this id keeps, and drops, in this store. */
  protected abstract void assertTombstoneKeepsOnlyWhatItMust(I id);

  /** Runs the scenario on a store whose database is down, and closes what it opened. */
  protected abstract void onAnUnreachableStore(StoreScenario<E, I, O> scenario) throws Exception;

  /** Whether the store answers the holders of an id of the other side in id order. */
  protected boolean holdersComeInIdOrder() {
    return false;
  }

  @BeforeEach
  void emptyTheStore() {
    store = emptyStore();
  }

  private E one() {
    return entities.anEntity(List.of());
  }

  private I idOf(E entity) {
    return entities.idOf(entity);
  }

  private List<O> relatedOf(Optional<E> entity) {
    return entities.relatedOf(entity.orElseThrow());
  }

  private static String status(Enum<?> status) {
    return status.name();
  }

  @Test
  void insertedEntity_isReadBack() {
    E entity = entities.holding(entities.anOther(), entities.anOther());

    assertThat(status(store.insert(entity, 1))).isEqualTo("WRITTEN");

    assertThat(store.findById(idOf(entity))).contains(entity);
    assertThat(row(idOf(entity))).isEqualTo(new Row(1, false, true));
  }

  @Test
  void findRelated_isWhatTheLiveEntityHolds_andNothingForNoEntityOrATombstone() {
    O first = entities.anOther();
    O second = entities.anOther();
    E entity = entities.holding(first, second);
    store.insert(entity, 1);

    assertThat(store.findRelated(idOf(entity)))
        .hasValueSatisfying(held -> assertThat(held).containsExactlyInAnyOrder(first, second));
    assertThat(store.findRelated(idOf(one()))).isEmpty();
    store.delete(idOf(entity), 2);
    assertThat(store.findRelated(idOf(entity))).isEmpty();
  }

  @Test
  void redeliveredInsert_isAlreadyApplied_andChangesNothing() {
    E entity = one();
    store.insert(entity, 7);
    E sameIdOtherFields = entities.withId(idOf(entity), "changed");

    assertThat(status(store.insert(sameIdOtherFields, 7))).isEqualTo("ALREADY_APPLIED");
    assertThat(status(store.insert(entity, 7))).isEqualTo("ALREADY_APPLIED");

    assertThat(store.findById(idOf(entity))).contains(entity);
  }

  @Test
  void redeliveredInsert_ofAnEntityDeletedSince_isAlreadyApplied() {
    E entity = one();
    store.insert(entity, 3);
    store.delete(idOf(entity), 4);

    assertThat(status(store.insert(entity, 3))).isEqualTo("ALREADY_APPLIED");

    assertThat(store.findById(idOf(entity))).isEmpty();
  }

  /**
   * Inserts from many partitions at once, as under the create load, where the store may write them
   * in one batch: each caller still gets its own status (a redelivery among fresh inserts is
   * already applied, and fails nothing else), and every fresh one is stored with its own sequence.
   */
  @Test
  void concurrentInserts_eachGetTheirOwnStatus_andAllAreStored() throws Exception {
    List<E> earlier = IntStream.range(0, 8).mapToObj(i -> one()).toList();
    for (int i = 0; i < earlier.size(); i++) {
      store.insert(earlier.get(i), 1_000 + i);
    }
    List<E> fresh = IntStream.range(0, 120).mapToObj(i -> one()).toList();
    List<Callable<String>> inserts = new ArrayList<>();
    for (int i = 0; i < fresh.size(); i++) {
      long sequence = 2_000 + i;
      E entity = fresh.get(i);
      inserts.add(() -> status(store.insert(entity, sequence)));
    }
    for (int i = 0; i < earlier.size(); i++) {
      long sequence = 1_000 + i;
      E entity = earlier.get(i);
      inserts.add(() -> status(store.insert(entity, sequence)));
    }

    List<String> statuses = new ArrayList<>();
    try (ExecutorService partitions = Executors.newFixedThreadPool(32)) {
      for (Future<String> status : partitions.invokeAll(inserts)) {
        statuses.add(status.get());
      }
    }

    assertThat(statuses.subList(0, fresh.size())).containsOnly("WRITTEN");
    assertThat(statuses.subList(fresh.size(), statuses.size())).containsOnly("ALREADY_APPLIED");
    assertThat(rowCount()).isEqualTo(earlier.size() + fresh.size());
    for (int i = 0; i < fresh.size(); i++) {
      assertThat(store.findById(idOf(fresh.get(i)))).contains(fresh.get(i));
      assertThat(row(idOf(fresh.get(i))).appliedSequence()).isEqualTo(2_000 + i);
    }
  }

  @Test
  void replace_ofALiveEntity_isWritten() {
    E entity = one();
    store.insert(entity, 1);
    E changed = entities.withId(idOf(entity), "renamed once", List.of(entities.anOther()));

    assertThat(status(store.replace(changed, 2))).isEqualTo("WRITTEN");

    assertThat(store.findById(idOf(entity)))
        .as("the related ids change only through the enrollment log")
        .contains(entities.withoutRelated(changed));
    assertThat(row(idOf(entity)).appliedSequence()).isEqualTo(2L);
  }

  @Test
  void redeliveredReplace_isAlreadyApplied_andChangesNothing() {
    E entity = one();
    store.insert(entity, 1);
    E changed = entities.withId(idOf(entity), "changed once");
    store.replace(changed, 2);
    E other = entities.withId(idOf(entity), "changed twice");

    assertThat(status(store.replace(other, 2))).isEqualTo("ALREADY_APPLIED");
    assertThat(status(store.replace(other, 1))).isEqualTo("SUPERSEDED");

    assertThat(store.findById(idOf(entity))).contains(changed);
    assertThat(row(idOf(entity)).appliedSequence()).isEqualTo(2L);
  }

  @Test
  void replace_ofAnUnknownEntity_isMissing() {
    assertThat(status(store.replace(one(), 5))).isEqualTo("MISSING");

    assertThat(rowCount()).isZero();
  }

  @Test
  void replace_ofADeletedEntity_isMissing_andLeavesTheTombstone() {
    E entity = one();
    store.insert(entity, 1);
    store.delete(idOf(entity), 2);

    assertThat(status(store.replace(entity, 3))).isEqualTo("MISSING");

    assertThat(store.findById(idOf(entity))).isEmpty();
    assertThat(row(idOf(entity))).isEqualTo(new Row(2, true, false));
  }

  @Test
  void add_enrollsUntilTheCap_thenReportsTheEntityFull() {
    E entity = one();
    store.insert(entity, 1);
    O first = entities.anOther();
    O second = entities.anOther();

    assertThat(status(store.add(idOf(entity), first, 1))).isEqualTo("CHANGED");
    assertThat(store.add(idOf(entity), second, 1)).isEqualTo(full);
    assertThat(status(store.add(idOf(entity), first, 1))).isEqualTo("UNCHANGED");

    assertThat(relatedOf(store.findById(idOf(entity)))).containsExactly(first);
    assertThat(store.findHolding(first)).extracting(this::idOf).containsExactly(idOf(entity));
  }

  @Test
  void add_toAMissingOrDeletedEntity_reportsItMissing() {
    E entity = one();
    store.insert(entity, 1);
    store.delete(idOf(entity), 2);

    assertThat(store.add(idOf(entity), entities.anOther(), 60)).isEqualTo(missing);
    assertThat(store.add(entities.newId(), entities.anOther(), 60)).isEqualTo(missing);
  }

  @Test
  void enrollmentChangeRepeatedInItsPlace_changesNothing() {
    E entity = one();
    store.insert(entity, 1);
    O other = entities.anOther();
    assertThat(status(store.add(idOf(entity), other, 60))).isEqualTo("CHANGED");
    assertThat(status(store.add(idOf(entity), other, 60))).isEqualTo("UNCHANGED");
    assertThat(relatedOf(store.findById(idOf(entity)))).containsExactly(other);

    assertThat(status(store.remove(idOf(entity), other))).isEqualTo("CHANGED");
    assertThat(status(store.remove(idOf(entity), other))).isEqualTo("UNCHANGED");
    assertThat(relatedOf(store.findById(idOf(entity)))).isEmpty();
  }

  @Test
  void replace_keepsTheRelatedTheLogEnrolled() {
    E entity = one();
    store.insert(entity, 1);
    O other = entities.anOther();
    store.add(idOf(entity), other, 60);

    store.replace(entities.withId(idOf(entity), "renamed"), 2);

    E read = store.findById(idOf(entity)).orElseThrow();
    assertThat(read).isEqualTo(entities.withId(idOf(entity), "renamed", List.of(other)));
    assertThat(entities.relatedOf(read)).containsExactly(other);
  }

  @Test
  void relatedOrRequested_holdsWhatTheLogEnrolled_thenWhatTheEntitysOwnCommandsAskedFor() {
    E entity = one();
    O first = entities.anOther();
    O second = entities.anOther();
    O third = entities.anOther();
    store.insert(entity, List.of(first, second), 1);
    assertThat(store.relatedOrRequested(idOf(entity)))
        .as("the create's, before the log applied any")
        .containsExactly(first, second);

    store.add(idOf(entity), second, 60);
    store.add(idOf(entity), third, 60); // enrolled from the other side
    assertThat(store.relatedOrRequested(idOf(entity))).containsExactly(second, third, first);

    assertThat(status(store.replace(entities.withId(idOf(entity), "renamed"), List.of(), 2)))
        .isEqualTo("WRITTEN");
    assertThat(store.relatedOrRequested(idOf(entity)))
        .as("the replace asked for none: only what is held")
        .containsExactly(second, third);

    assertThat(store.request(idOf(entity), first, 3)).isTrue();
    assertThat(store.request(idOf(entity), first, 3)).as("again: no change").isTrue();
    assertThat(store.relatedOrRequested(idOf(entity))).containsExactly(second, third, first);

    assertThat(store.withdraw(idOf(entity), first, 4)).isTrue();
    assertThat(store.withdraw(idOf(entity), first, 4)).as("again: no change").isTrue();
    assertThat(store.relatedOrRequested(idOf(entity))).containsExactly(second, third);
  }

  @Test
  void aLateRequestOrWithdrawal_changesNothing() {
    E entity = one();
    O asked = entities.anOther();
    O withdrawn = entities.anOther();
    store.insert(entity, List.of(withdrawn), 1);
    store.replace(entities.withId(idOf(entity), "renamed"), List.of(asked), 5);

    assertThat(store.withdraw(idOf(entity), asked, 4)).as("older than the replace").isTrue();
    assertThat(store.request(idOf(entity), withdrawn, 3)).as("older than the replace").isTrue();

    assertThat(store.relatedOrRequested(idOf(entity))).containsExactly(asked);
  }

  @Test
  void aReplaceThatDoesNotWrite_keepsTheRequestedIds() {
    E entity = one();
    O asked = entities.anOther();
    store.insert(entity, 1);
    store.replace(entities.withId(idOf(entity), "renamed"), List.of(asked), 3);

    assertThat(status(store.replace(entity, List.of(), 2))).isEqualTo("SUPERSEDED");
    assertThat(status(store.replace(entity, List.of(), 3))).isEqualTo("ALREADY_APPLIED");

    assertThat(store.relatedOrRequested(idOf(entity))).containsExactly(asked);
  }

  @Test
  void noEntity_hasNothingRelatedOrRequested_andTakesNoRequest() {
    E entity = one();
    O asked = entities.anOther();
    store.insert(entity, List.of(asked), 1);
    store.delete(idOf(entity), 2);

    assertThat(store.relatedOrRequested(idOf(entity))).isEmpty();
    assertThat(store.request(idOf(entity), asked, 3)).isFalse();
    assertThat(store.withdraw(idOf(entity), asked, 3)).isFalse();
    assertThat(store.relatedOrRequested(entities.newId())).isEmpty();
    assertThat(store.request(entities.newId(), asked, 3)).isFalse();
    assertThat(store.withdraw(entities.newId(), asked, 3)).isFalse();
  }

  @Test
  void delete_turnsTheEntityIntoATombstone() {
    E entity = entities.holding(entities.anOther());
    store.insert(entity, 1);

    assertThat(status(store.delete(idOf(entity), 2))).isEqualTo("WRITTEN");

    assertThat(row(idOf(entity))).isEqualTo(new Row(2, true, false));
    assertTombstoneKeepsOnlyWhatItMust(idOf(entity));
    assertThat(store.relatedOfDeleted(idOf(entity)))
        .as("frozen in the tombstone, for the REMOVEs the delete appends")
        .isEqualTo(entities.relatedOf(entity));
    assertThat(store.findHolding(entities.relatedOf(entity).getFirst())).isEmpty();
  }

  @Test
  void redeliveredDelete_isAlreadyApplied() {
    E entity = one();
    store.insert(entity, 1);
    store.delete(idOf(entity), 2);

    assertThat(status(store.delete(idOf(entity), 2))).isEqualTo("ALREADY_APPLIED");

    assertThat(row(idOf(entity)).appliedSequence()).isEqualTo(2L);
  }

  @Test
  void delete_ofAnEntityAnEarlierCommandDeleted_isMissing() {
    E entity = one();
    store.insert(entity, 1);
    store.delete(idOf(entity), 2);

    assertThat(status(store.delete(idOf(entity), 3))).isEqualTo("MISSING");

    assertThat(row(idOf(entity)).appliedSequence()).isEqualTo(2L);
  }

  @Test
  void delete_ofAnUnknownEntity_isMissing() {
    assertThat(status(store.delete(entities.newId(), 1))).isEqualTo("MISSING");
  }

  @Test
  void tombstones_areInvisibleToEveryRead() {
    O other = entities.anOther();
    E kept = entities.holding(other);
    E deleted = entities.holding(other);
    store.insert(kept, 1);
    store.insert(deleted, 2);
    store.delete(idOf(deleted), 3);

    assertThat(store.findById(idOf(deleted))).isEmpty();
    assertThat(store.findPage(PageRequest.first(10))).containsExactly(kept);
    assertThat(store.findHolding(other)).containsExactly(kept);
  }

  @Test
  void pages_walkEveryEntityInIdOrder_followingTheCursor() {
    List<E> inserted =
        IntStream.range(0, 7).mapToObj(i -> entities.named("entity " + i, List.of())).toList();
    for (int i = 0; i < inserted.size(); i++) {
      store.insert(inserted.get(i), i + 1);
    }

    List<E> walked = new ArrayList<>();
    PageRequest request = PageRequest.first(3);
    int pages = 0;
    while (true) {
      List<E> lookahead = store.findPage(request);
      assertThat(lookahead).hasSizeLessThanOrEqualTo(request.limit() + 1);
      Page<E> page = Page.fromLookahead(lookahead, request.limit(), e -> idOf(e).toString());
      walked.addAll(page.items());
      pages++;
      if (page.nextCursor().isEmpty()) {
        break;
      }
      request = PageRequest.of(3, page.nextCursor().get());
    }

    assertThat(pages).isEqualTo(3);
    assertThat(walked)
        .containsExactlyElementsOf(
            inserted.stream().sorted(Comparator.comparing(this::idOf)).toList());
  }

  @Test
  void page_afterACursorThatIsNoId_isAValidationError() {
    PageRequest request = new PageRequest(10, Optional.of(foreignCursor));

    assertThatThrownBy(() -> store.findPage(request))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
  }

  @Test
  void findHolding_returnsTheEntitiesHoldingIt() {
    O other = entities.anOther();
    E first = entities.holding(other, entities.anOther());
    E second = entities.holding(entities.anOther(), other);
    store.insert(first, 1);
    store.insert(second, 2);
    store.insert(entities.holding(entities.anOther()), 3);

    assertThat(store.findHolding(other)).containsExactlyInAnyOrder(first, second);
    if (holdersComeInIdOrder()) {
      assertThat(store.findHolding(other))
          .containsExactlyElementsOf(
              List.of(first, second).stream().sorted(Comparator.comparing(this::idOf)).toList());
    }
    assertThat(store.findHolding(entities.anOther())).isEmpty();
  }

  @Test
  void aDatabaseThatIsDown_failsFastAsUnavailable() throws Exception {
    onAnUnreachableStore(
        down -> {
          long start = System.nanoTime();

          assertThatThrownBy(() -> down.findById(entities.newId()))
              .isInstanceOfSatisfying(
                  DependencyUnavailableException.class,
                  e -> assertThat(e.dependency()).isEqualTo(storeName));
          assertThatThrownBy(() -> down.insert(one(), 1))
              .isInstanceOf(DependencyUnavailableException.class);

          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        });
  }
}
