package dev.nis.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.port.out.EnrollmentStatus;
import dev.nis.common.application.port.out.EntityStore;
import dev.nis.common.contract.SequenceGuardedStoreContract;
import dev.nis.common.domain.ValidationException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory store the services' core tests use passes the same scenarios as MongoDB and
 * PostgreSQL, here over a plain test entity.
 */
class InMemoryGuardedStoreTest
    extends SequenceGuardedStoreContract<InMemoryGuardedStoreTest.Thing, String, String> {
  /** A test entity: an id, a name, the ids of the other side it holds. */
  record Thing(String id, String name, List<String> related) {}

  private static final AtomicInteger OTHERS = new AtomicInteger();
  private static final EntityFixture<Thing, String, String> THINGS =
      new EntityFixture<>() {
        @Override
        public Thing named(String name, List<String> related) {
          return new Thing(newId(), name, List.copyOf(related));
        }

        @Override
        public Thing anEntity(List<String> related) {
          return named("thing", related);
        }

        @Override
        public Thing withId(String id, String name, List<String> related) {
          return new Thing(id, name, List.copyOf(related));
        }

        @Override
        public Thing withRelated(Thing thing, List<String> related) {
          return new Thing(thing.id(), thing.name(), List.copyOf(related));
        }

        @Override
        public String idOf(Thing thing) {
          return thing.id();
        }

        @Override
        public String newId() {
          return UUID.randomUUID().toString();
        }

        @Override
        public String anOther() {
          return "other-" + OTHERS.incrementAndGet();
        }

        @Override
        public List<String> relatedOf(Thing thing) {
          return thing.related();
        }
      };

  private InMemoryGuardedStore<Thing, String, String> store;

  InMemoryGuardedStoreTest() {
    super(THINGS, "memory", "not-an-id", EnrollmentStatus.FULL, EnrollmentStatus.MISSING);
  }

  private static String cursorId(String text) {
    try {
      return UUID.fromString(text).toString();
    } catch (IllegalArgumentException e) {
      throw new ValidationException("cursor", "is not an id");
    }
  }

  @Override
  protected EntityStore<Thing, String, String> emptyStore() {
    store = new InMemoryGuardedStore<>(THINGS, InMemoryGuardedStoreTest::cursorId, (a, b) -> false);
    return store;
  }

  @Override
  protected Row row(String id) {
    return new Row(store.appliedSequence(id), store.isTombstone(id), !store.isTombstone(id));
  }

  @Override
  protected long rowCount() {
    return store.rowCount();
  }

  @Override
  protected void assertTombstoneKeepsOnlyWhatItMust(String id) {
    assertThat(store.findById(id)).isEmpty();
  }

  @Override
  protected void onAnUnreachableStore(StoreScenario<Thing, String, String> scenario) {
    store.down = "memory";
    scenario.run(store);
  }
}
