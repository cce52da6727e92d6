package dev.nis.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutation pipeline: POST accepted (202, the command stored in JetStream) → applied by the
 * serial consumer (MongoDB written, cache invalidated, outcome recorded).
 */
final class MutationCases {
  private static final String APPLIED = "nis_queue_messages_total";
  private static final String[] COMMAND_APPLIER = {
    "consumer=\"courses-command-applier\"", "outcome=\"handled\""
  };

  private static final Duration BURST = Duration.ofSeconds(2);

  private final Stack stack;
  private final Rounds rounds;
  private final Results results;
  private final Path script;

  MutationCases(Bench bench) {
    this.stack = bench.stack();
    this.rounds = bench.rounds();
    this.results = bench.results();
    this.script = bench.script();
  }

  void run(Raw raw) throws Exception {
    Measurement publish =
        rounds.median(
            "raw JetStream publish-with-ack, 64 in flight",
            new ClosedLoop(64, raw.jetStreamPublish()));
    Measurement insert =
        rounds.median("raw MongoDB insertOne, 64 in flight", new ClosedLoop(64, raw.mongoInsert()));

    // fixed 2 s bursts (each round then waits for its creates to be applied), so that every round
    // adds a like number of courses
    Rounds bursts = new Rounds(Duration.ofSeconds(1), rounds.rounds(), BURST);
    Measurement max = bursts.median("POST /api/courses accepted → applied, c=64", this::saturated);
    Row applied =
        Row.of(
            "course creates applied/s (sustained, c=64 POSTs)",
            max,
            "raw JetStream publish-with-ack, 64 in flight",
            publish);
    results.add(applied.target(">= 1,000 applied/s", max.rps() >= 1000));
    results.add(
        Row.of(
            "course creates applied/s (sustained, c=64 POSTs)",
            max,
            "raw MongoDB insertOne, 64 in flight",
            insert));

    double half = Math.max(1, max.rps() / 2);
    Measurement waited =
        rounds.median(
            "POST Prefer: wait=5 at %.0f/s (half of max)".formatted(half),
            new OpenLoop(half, this::createAndWait));
    results.add(
        Row.of(
                "accept → applied (POST with Prefer: wait) at %.0f/s, half of max".formatted(half),
                waited,
                null,
                null)
            .target("p99 < 100 ms", waited.p99Ms() < 100 && waited.errors() == 0));
  }

  /**
   * wrk POSTs as fast as 64 connections go for {@code length} (a burst); then waits until the
   * consumer has applied every accepted create. Throughput is applied creates over the time from
   * the first POST to the last apply; the percentiles are those of the POSTs (accept latency).
   */
  private Measurement saturated(Duration length) throws Exception {
    drain();
    double before = applied();
    long start = System.nanoTime();
    Measurement accepted =
        new Wrk(script, stack.coursesUrl() + "/api/courses", 64, "post-course").run(length);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (applied() - before < accepted.count()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("accepted creates were not all applied within 3 minutes");
      }
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    results.note(
        "saturated round: %d accepted in %.1f s (%.0f/s), all applied after %.1f s"
            .formatted(accepted.count(), accepted.seconds(), accepted.rps(), seconds));
    return new Measurement(
        accepted.count() / seconds,
        accepted.count(),
        accepted.errors(),
        accepted.p50Ms(),
        accepted.p90Ms(),
        accepted.p99Ms(),
        accepted.maxMs(),
        seconds);
  }

  private final AtomicLong sequence = new AtomicLong();

  private void createAndWait() throws Exception {
    Http.Reply reply =
        Http.post(
            stack.coursesUrl() + "/api/courses",
            Data.course(1_000_000 + (int) sequence.incrementAndGet()),
            "wait=5");
    if (reply.status() != 201) {
      throw new IOException("POST with Prefer: wait answered " + reply.status());
    }
  }

  private void drain() throws Exception {
    double last = -1;
    double now = applied();
    while (now != last) {
      Thread.sleep(300);
      last = now;
      now = applied();
    }
  }

  private double applied() throws Exception {
    return Metrics.sum(Http.get(stack.coursesUrl() + "/metrics").body(), APPLIED, COMMAND_APPLIER);
  }
}
