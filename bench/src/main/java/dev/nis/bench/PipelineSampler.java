package dev.nis.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reads a {@link Pipeline}'s queue depth every {@value #PERIOD_MS} ms while a load runs: the queue
 * over time in the plot, and the depth at a window's start and end. Each reading is {@link
 * Pipeline#estimatedDepth}: for the command streams (one per partition) the partition consumers'
 * own counts; for the enrollment log a stream info and a scrape of the service's /metrics (about 4
 * ms of its CPU, measured under the enrollment probes of 2026-12-05: 2–3 % of a core at this rate,
 * 8 % of the students service's CPU in that case), where reading each partition consumer's pending
 * cost nats-server a pass over the backlog per partition ({@link Pipeline}).
 */
final class PipelineSampler implements AutoCloseable {
  static final long PERIOD_MS = 150;

  /**
   * One reading.
   *
   * @param seconds since the sampler started
   * @param depth commands queued and not yet acked
   */
  record Sample(double seconds, long depth) {}

  private final Pipeline pipeline;
  private final long startNanos = System.nanoTime();
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  PipelineSampler(Pipeline pipeline) {
    this.pipeline = pipeline;
    this.thread = Thread.ofPlatform().daemon().name("sampler-" + pipeline.name()).start(this::run);
  }

  private void run() {
    long next = System.nanoTime();
    while (running) {
      try {
        samples.add(sample());
        next += PERIOD_MS * 1_000_000;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // a missed reading; the next one counts
      }
    }
  }

  /** A reading now, outside the periodic ones (not kept). */
  Sample sample() throws Exception {
    return new Sample(seconds(), pipeline.estimatedDepth());
  }

  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The readings so far. */
  List<Sample> samples() {
    return new ArrayList<>(samples);
  }

  /** The depth read closest to an instant (seconds since the start). */
  long depthNear(double seconds) {
    return samples.stream()
        .min(java.util.Comparator.comparingDouble(s -> Math.abs(s.seconds() - seconds)))
        .map(Sample::depth)
        .orElse(0L);
  }

  /** The largest depth read between two instants (seconds since the start). */
  long maxDepth(double from, double to) {
    return samples.stream()
        .filter(s -> s.seconds() >= from && s.seconds() <= to)
        .mapToLong(Sample::depth)
        .max()
        .orElse(0);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }
}
