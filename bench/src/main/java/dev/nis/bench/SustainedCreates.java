package dev.nis.bench;

import java.time.Duration;
import java.util.List;

/**
 * Creates POSTed by wrk as fast as its connections go for one long window, while the service's
 * appliers work through them: the accepted rate is wrk's, the applied rate is the applied count's
 * growth over the same window (what the appliers sustain with the accept load running, not a burst
 * applied afterwards). The queue is sampled throughout and, when asked, until it has drained; the
 * drain's own rate is what the appliers do with the cores to themselves.
 */
final class SustainedCreates {
  /**
   * What one window measured.
   *
   * @param accepted wrk's figures: accepted (202) per second and the POSTs' latencies
   * @param applied commands applied per second during the window (no latencies)
   * @param depthAtStart commands queued when the window began
   * @param depthAtEnd commands queued when it ended
   * @param drainSeconds from the window's end until the queue was empty; negative when not waited
   *     for, or not drained within the limit
   * @param drainApplied commands applied per second while the queue drained, with no accepts
   *     running (the appliers' own capacity on these cores); null when it was not drained. The
   *     drain's time runs until {@link Pipeline#drain} saw the queue empty twice, 200 ms apart, so
   *     it reads up to ~0.4 s long: a few per cent low on drains of 10 s and more
   * @param drainCpu where the cores' time went while it drained, per applied command; empty when it
   *     was not drained
   * @param samples the queue over time, from the window's start
   * @param cpu where the cores' time went during the window, per applied command ({@link
   *     CpuAccount})
   * @param insertsPerRoundTrip the inserts the service's store took per round trip during the
   *     window (its group commit's batches)
   */
  record Result(
      Measurement accepted,
      Measurement applied,
      long depthAtStart,
      long depthAtEnd,
      double drainSeconds,
      List<PipelineSampler.Sample> samples,
      String cpu,
      double insertsPerRoundTrip,
      Measurement drainApplied,
      String drainCpu) {}

  private SustainedCreates() {}

  /**
   * @param drainLimit how long to wait for the queue to empty after the window; null: not at all
   */
  static Result run(Stack stack, Pipeline pipeline, Wrk posts, Duration window, Duration drainLimit)
      throws Exception {
    try (PipelineSampler sampler = new PipelineSampler(pipeline)) {
      Pipeline.Progress before = pipeline.progress();
      PipelineSampler.Sample start = sampler.sample();
      CpuAccount.Snapshot cpuBefore = CpuAccount.take(stack);
      Measurement accepted = posts.run(window);
      CpuAccount.Snapshot cpuAfter = CpuAccount.take(stack);
      PipelineSampler.Sample end = sampler.sample();
      double seconds = end.seconds() - start.seconds();
      Pipeline.Progress after = pipeline.progress();
      long count = Math.round(after.applied() - before.applied());
      double insertsPerRoundTrip = after.insertsPerRoundTripSince(before);
      Measurement applied = new Measurement(count / seconds, count, 0, 0, 0, 0, 0, seconds);
      double drained = -1;
      Measurement drainApplied = null;
      String drainCpu = "";
      if (drainLimit != null && pipeline.drain(drainLimit)) {
        drained = sampler.seconds() - end.seconds();
        CpuAccount.Snapshot cpuDrained = CpuAccount.take(stack);
        long drainedCount = Math.round(pipeline.progress().applied() - after.applied());
        drainApplied =
            new Measurement(drainedCount / drained, drainedCount, 0, 0, 0, 0, 0, drained);
        drainCpu = CpuAccount.perApplied(cpuAfter, cpuDrained, drainedCount);
      }
      List<PipelineSampler.Sample> samples =
          sampler.samples().stream()
              .filter(s -> s.seconds() >= start.seconds())
              .map(s -> new PipelineSampler.Sample(s.seconds() - start.seconds(), s.depth()))
              .toList();
      return new Result(
          accepted,
          applied,
          start.depth(),
          end.depth(),
          drained,
          samples,
          CpuAccount.perApplied(cpuBefore, cpuAfter, count),
          insertsPerRoundTrip,
          drainApplied,
          drainCpu);
    }
  }
}
