package dev.nis.common.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Group commit: the writes that callers make at the same moment go to the store as one batch (one
 * round trip, one commit), and each caller still waits for, and gets, the result of its own write.
 *
 * <p>Each partition of the command stream applies one command at a time ({@code max_ack_pending =
 * 1}, README.md, "How a mutation travels"), so under load many partitions reach their store write
 * at once, each paying a round trip and a commit of its own. Here the first caller writes alone;
 * callers that arrive while a batch is being written queue up, and the first of them to get the
 * lock writes all of those queued (at most {@code maxBatch}) at once; the others find their result
 * already there. A lone write goes out at once, so an idle service waits for nothing. Per-entity
 * order is not touched: a caller returns only once its own write is done, and the writes of one
 * partition come one after the other. This is the leader-and-followers form of group commit that
 * databases use for their log; no library we use offers it for a blocking driver call.
 *
 * @param <T> what one caller writes
 * @param <R> what one caller gets back
 */
public final class GroupCommit<T, R> {
  /** Writes one batch; it completes or fails each entry, and what it leaves open fails. */
  @FunctionalInterface
  public interface BatchWrite<T, R> {
    /**
     * @param batch the entries in the order their callers queued them; never empty
     * @throws RuntimeException when the whole batch failed: each entry still open fails with it
     */
    void write(List<Entry<T, R>> batch);
  }

  /** One caller's write: its item, and the result or failure the batch gives it. */
  public static final class Entry<T, R> {
    private final T item;
    private volatile boolean done;
    private R result;
    private RuntimeException failure;

    private Entry(T item) {
      this.item = item;
    }

    public T item() {
      return item;
    }

    /** Gives this entry's caller its result. */
    public void complete(R value) {
      result = value;
      done = true;
    }

    /** Gives this entry's caller an exception to throw. */
    public void fail(RuntimeException cause) {
      failure = cause;
      done = true;
    }

    private R get() {
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  private final ConcurrentLinkedQueue<Entry<T, R>> queued = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();
  private final int maxBatch;
  private final BatchWrite<T, R> write;
  private final IntConsumer batchSizes;

  /**
   * @param maxBatch the most entries one batch takes (a bound on one round trip's size)
   * @param write writes one batch
   */
  public GroupCommit(int maxBatch, BatchWrite<T, R> write) {
    this(maxBatch, write, size -> {});
  }

  /**
   * @param maxBatch the most entries one batch takes (a bound on one round trip's size)
   * @param write writes one batch
   * @param batchSizes told the number of entries of each batch once it is written (or failed), on
   *     the writing thread: how much the grouping saves ({@link StoreMetrics#batchSizes})
   */
  public GroupCommit(int maxBatch, BatchWrite<T, R> write, IntConsumer batchSizes) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
    }
    this.maxBatch = maxBatch;
    this.write = write;
    this.batchSizes = batchSizes;
  }

  /**
   * Writes {@code item}, in a batch with whatever other callers write at the same moment, and
   * returns its result once the batch is written.
   *
   * @throws RuntimeException what the batch write gave this entry, or threw for the whole batch
   */
  public R submit(T item) {
    Entry<T, R> entry = new Entry<>(item);
    queued.add(entry);
    while (!entry.done) {
      writing.lock();
      try {
        if (!entry.done) {
          writeNextBatch();
        }
      } finally {
        writing.unlock();
      }
    }
    return entry.get();
  }

  private void writeNextBatch() {
    List<Entry<T, R>> batch = new ArrayList<>();
    for (Entry<T, R> next; batch.size() < maxBatch && (next = queued.poll()) != null; ) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    RuntimeException failure = null;
    try {
      write.write(batch);
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      failure = new IllegalStateException("the batch write failed", e);
      throw e;
    } finally {
      // every entry of the batch ends here, or its caller would wait for a batch that is gone
      for (Entry<T, R> entry : batch) {
        if (!entry.done) {
          entry.fail(
              failure != null
                  ? failure
                  : new IllegalStateException("the batch write left an entry without result"));
        }
      }
      batchSizes.accept(batch.size());
    }
  }
}
