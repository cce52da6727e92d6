package dev.nis.bench;

import dev.nis.common.jetstream.Partitions;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples queues while a case runs its rounds, and tells for each round whether they grew: the
 * depth summed over the queues at the round's start and at its nominal end (while the load still
 * runs, not after the last answers came back), and the most in between.
 */
final class QueueWatch implements AutoCloseable {
  /** The queues over one round. */
  record Growth(long atStart, long atEnd, long most) {
    /**
     * Whether the queues ended the round longer than they began it by more than one message a
     * partition (what is in hand at any instant).
     */
    boolean grew() {
      return atEnd > atStart + Partitions.COUNT;
    }

    @Override
    public String toString() {
      return "queued %d → %d (at most %d)".formatted(atStart, atEnd, most);
    }
  }

  private final List<PipelineSampler> samplers = new ArrayList<>();
  private final Map<Measurement, Growth> rounds = new IdentityHashMap<>();

  QueueWatch(Pipeline... pipelines) {
    for (Pipeline pipeline : pipelines) {
      samplers.add(new PipelineSampler(pipeline));
    }
  }

  /** {@code load}, each of whose rounds is watched. */
  Load around(Load load) {
    return length -> {
      double[] from = new double[samplers.size()];
      for (int i = 0; i < from.length; i++) {
        from[i] = samplers.get(i).seconds();
      }
      Measurement measured = load.run(length);
      double seconds = length.toNanos() / 1e9;
      long atStart = 0;
      long atEnd = 0;
      long most = 0;
      for (int i = 0; i < from.length; i++) {
        PipelineSampler sampler = samplers.get(i);
        atStart += sampler.depthNear(from[i]);
        atEnd += sampler.depthNear(from[i] + seconds);
        most += sampler.maxDepth(from[i], from[i] + seconds);
      }
      // the readings nearest the ends may fall just outside the round
      rounds.put(measured, new Growth(atStart, atEnd, Math.max(most, Math.max(atStart, atEnd))));
      return measured;
    };
  }

  /** The queues over the round that measured {@code measurement}. */
  Growth of(Measurement measurement) {
    return rounds.get(measurement);
  }

  @Override
  public void close() throws InterruptedException {
    for (PipelineSampler sampler : samplers) {
      sampler.close();
    }
  }
}
