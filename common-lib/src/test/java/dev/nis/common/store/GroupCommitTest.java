package dev.nis.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());

  private void doubled(List<GroupCommit.Entry<Integer, Integer>> batch) {
    batches.add(batch.stream().map(GroupCommit.Entry::item).toList());
    batch.forEach(entry -> entry.complete(entry.item() * 2));
  }

  @Test
  void aLoneWrite_goesOutAtOnce_inABatchOfItsOwn() {
    GroupCommit<Integer, Integer> commit = new GroupCommit<>(8, this::doubled);

    assertThat(commit.submit(21)).isEqualTo(42);
    assertThat(commit.submit(5)).isEqualTo(10);

    assertThat(batches).containsExactly(List.of(21), List.of(5));
  }

  @Test
  void writesQueuedWhileABatchIsWritten_goTogetherInTheNext_eachGettingItsOwnResult()
      throws Exception {
    CountDownLatch firstBatchHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GroupCommit<Integer, Integer> commit =
        new GroupCommit<>(
            64,
            batch -> {
              if (batches.isEmpty()) {
                firstBatchHeld.countDown();
                await(release);
              }
              doubled(batch);
            });
    List<Thread> callers = new ArrayList<>();
    List<Integer> results = Collections.synchronizedList(new ArrayList<>());

    Thread first = Thread.ofPlatform().start(() -> results.add(commit.submit(0)));
    assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 10; i++) {
      int item = i;
      callers.add(Thread.ofPlatform().start(() -> results.add(commit.submit(item))));
    }
    waitUntilAllWait(callers);
    release.countDown();
    first.join();
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(batches).hasSize(2);
    assertThat(batches.get(0)).containsExactly(0);
    assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(results).containsExactlyInAnyOrder(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
  }

  @Test
  void aBatchTakesAtMostMaxBatch_andEveryWriteIsStillMade() throws Exception {
    GroupCommit<Integer, Integer> commit = new GroupCommit<>(3, this::doubled);
    List<Future<Integer>> results = new ArrayList<>();

    try (ExecutorService callers = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 200; i++) {
        int item = i;
        results.add(callers.submit(() -> commit.submit(item)));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(results.get(i).get()).isEqualTo(2 * i);
      }
    }

    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 3));
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(200);
  }

  @Test
  void eachBatchsSize_isRecorded_failedBatchesToo() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GroupCommit<Integer, Integer> commit =
        new GroupCommit<>(
            3,
            batch -> {
              if (batch.stream().anyMatch(entry -> entry.item() == 7)) {
                throw new IllegalStateException("store down");
              }
              doubled(batch);
            },
            StoreMetrics.batchSizes(registry, "somestore", "insert"));
    List<Future<Integer>> results = new ArrayList<>();

    try (ExecutorService callers = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 100; i++) {
        int item = i;
        results.add(callers.submit(() -> commit.submit(item)));
      }
      for (Future<Integer> result : results) {
        try {
          result.get();
        } catch (ExecutionException e) {
          assertThat(e).hasRootCauseMessage("store down");
        }
      }
    }

    DistributionSummary sizes =
        registry
            .get("nis.store.batch.size")
            .tags("store", "somestore", "operation", "insert")
            .summary();
    assertThat(sizes.count()).isEqualTo(batches.size() + 1); // the failed batch is not in batches
    assertThat(sizes.totalAmount()).isEqualTo(100);
    assertThat(sizes.max()).isBetween(1.0, 3.0);
  }

  @Test
  void aFailedEntry_failsOnlyItsCaller() {
    GroupCommit<Integer, Integer> commit =
        new GroupCommit<>(
            8,
            batch ->
                batch.forEach(
                    entry -> {
                      if (entry.item() < 0) {
                        entry.fail(new IllegalArgumentException("negative: " + entry.item()));
                      } else {
                        entry.complete(entry.item());
                      }
                    }));

    assertThatThrownBy(() -> commit.submit(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative: -1");
    assertThat(commit.submit(3)).isEqualTo(3);
  }

  @Test
  void aBatchThatThrows_failsEachOpenEntryWithIt_andTheNextBatchStillGoesOut() {
    IllegalStateException down = new IllegalStateException("store down");
    GroupCommit<Integer, Integer> commit =
        new GroupCommit<>(
            8,
            batch -> {
              if (batch.getFirst().item() == 0) {
                throw down;
              }
              doubled(batch);
            });

    assertThatThrownBy(() -> commit.submit(0)).isSameAs(down);
    assertThat(commit.submit(4)).isEqualTo(8);
  }

  @Test
  void aBatchThatThrowsAnError_failsItsFollowers_insteadOfLeavingThemWaiting() throws Exception {
    CountDownLatch firstBatchHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GroupCommit<Integer, Integer> commit =
        new GroupCommit<>(
            8,
            batch -> {
              if (batch.getFirst().item() == 0) {
                firstBatchHeld.countDown();
                await(release);
                return;
              }
              throw new StackOverflowError("deep");
            });
    Thread first = Thread.ofPlatform().start(() -> commit.submit(0));
    assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    List<Thread> followers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int item = i;
      followers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      commit.submit(item);
                    } catch (Throwable t) {
                      thrown.add(t);
                    }
                  }));
    }
    waitUntilAllWait(followers);
    release.countDown();
    first.join();
    for (Thread follower : followers) {
      follower.join(Duration.ofSeconds(10));
      assertThat(follower.isAlive()).as("a follower still waiting").isFalse();
    }

    assertThat(thrown).hasSize(3);
    assertThat(thrown).filteredOn(t -> t instanceof StackOverflowError).hasSize(1);
    assertThat(thrown)
        .filteredOn(t -> t instanceof IllegalStateException)
        .hasSize(2)
        .allSatisfy(t -> assertThat(t).hasCauseInstanceOf(StackOverflowError.class));
  }

  @Test
  void anEntryTheBatchLeavesOpen_failsInsteadOfHanging() {
    GroupCommit<Integer, Integer> commit = new GroupCommit<>(8, batch -> {});

    assertThatThrownBy(() -> commit.submit(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without result");
  }

  @Test
  void aBatchOfNone_isRefused() {
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>(0, this::doubled))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void waitUntilAllWait(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
      assertThat(System.nanoTime()).as("callers queued within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
