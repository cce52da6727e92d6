package dev.nis.bench;

import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.testing.ServiceProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The mutation pipeline: POST accepted (202, the command stored in JetStream) → applied by the
 * partition consumers (store written, cache invalidated, outcome recorded) → for an enrollment, the
 * log applied by the other side. Issue 10's targets: ≥ 3,000 creates applied/s on each service with
 * the accept load running; ≥ 1,400/s synchronous-style (Prefer: wait) creates at 64 connections; at
 * half the maximum applied rate, accept → applied p99 < 50 ms and an enrollment visible on the
 * other side p99 < 100 ms; with 100,000 courses stored, within 20 % of the rate with 1,000.
 */
final class MutationCases {
  private static final int CONNECTIONS = 64;
  private static final long LARGE_STORE = 100_000;
  private static final Duration DRAIN_LIMIT = Duration.ofMinutes(4);

  /**
   * The length of each uncounted window before a counted sustained one: the counted one was the
   * service's first under this load, so it measured the JIT compiling the write path.
   */
  private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(8);

  /**
   * The JIT compilers' share of a service's CPU below which it counts as warm ({@link #warmUp}).
   */
  static final int JIT_QUIET_PERCENT = 10;

  /** The teacher of every course that bench/wrk/nis.lua posts ({@code post-course}). */
  private static final String WRK_TEACHER = "wrk";

  /** The teacher of every course the open-loop ({@code Prefer: wait}) creates post. */
  private static final String OPEN_LOOP_TEACHER = "open loop";

  /** Warm-up windows at most: a fresh students service needed eight (2026-12-02). */
  static final int MAX_WARM_UPS = 14;

  private static final String PUBLISH_CEILING = "raw JetStream publish-with-ack, 64 in flight";
  private static final String MONGO_CEILING = "raw MongoDB insertOne, 64 in flight";
  private static final String POSTGRES_CEILING = "raw PostgreSQL INSERT, 64 in flight";

  private final Stack stack;
  private final Data data;
  private final Rounds rounds;
  private final Results results;
  private final Path script;
  private final Path statusScript;
  private final AtomicLong sequence = new AtomicLong();

  MutationCases(Bench bench) {
    this.stack = bench.stack();
    this.data = bench.data();
    this.rounds = bench.rounds();
    this.results = bench.results();
    this.script = bench.script();
    this.statusScript = bench.script().resolveSibling("nis-status.lua");
  }

  void run(Raw raw) throws Exception {
    Measurement publish =
        rounds.median(PUBLISH_CEILING, new ClosedLoop(CONNECTIONS, raw.jetStreamPublish()));
    Measurement mongoInsert =
        rounds.median(MONGO_CEILING, new ClosedLoop(CONNECTIONS, raw.mongoInsert()));
    Measurement sqlInsert =
        rounds.median(POSTGRES_CEILING, new ClosedLoop(CONNECTIONS, raw.postgresInsert()));

    try (Connection nats = Nats.connect(Stack.NATS_URL)) {
      Pipeline courses = Pipeline.commands(nats, stack, "courses");
      Pipeline students = Pipeline.commands(nats, stack, "students");
      Pipeline coursesLog = Pipeline.enrollments(nats, stack, "courses");
      Pipeline studentsLog = Pipeline.enrollments(nats, stack, "students");

      // creates, the path the window counts; what each window added is taken out of the store
      // again, so that the window starts from the 1,000 loaded
      AtomicLong warmUpCourses = new AtomicLong();
      warmUp(
          "course",
          courses,
          this::coursePosts,
          () -> warmUpCourses.addAndGet(Data.deleteCoursesOf(stack, WRK_TEACHER)));
      results.note(
          ("course warm-up: the %d courses its creates added deleted from the store directly,"
                  + " after each window")
              .formatted(warmUpCourses.get()));
      Measurement coursesApplied =
          sustained("courses", courses, coursePosts(), mongoInsert, publish, "1,000");
      double half = Math.max(1, coursesApplied.rps() / 2);
      warmUpWaiting(courses, half);
      halfRateCreates(courses, half);
      drain("the half-rate creates", courses);
      warmUp("student", students, this::studentPosts, () -> {});
      sustained("students", students, studentPosts(), sqlInsert, publish, null);
      halfRateEnrollments(nats, courses, coursesLog, studentsLog, half);
      drain("the half-rate enrollments", courses, coursesLog, studentsLog);
      synchronousCreates(mongoInsert);
      drain("the Prefer: wait creates", courses);
      largeStore(courses, coursesApplied);
    }
  }

  /**
   * Creates accepted at saturation by wrk for the sustained window while the appliers work: a row
   * for the applied rate (against the raw store insert), one for the accepted rate (against the raw
   * publish); then waits for the queue to drain, so that the next case starts from an empty one.
   *
   * @param stored how many courses the store holds at the start, for the row's name (null: none)
   */
  private Measurement sustained(
      String service,
      Pipeline pipeline,
      Wrk posts,
      Measurement storeCeiling,
      Measurement publish,
      String stored)
      throws Exception {
    String entity = service.equals("courses") ? "course" : "student";
    long window = rounds.sustained().toSeconds();
    long before = service.equals("courses") ? Data.storedCourses(stack) : -1;
    SustainedCreates.Result run;
    ServiceProcess process = service.equals("courses") ? stack.courses() : stack.students();
    JitActivity.Reading jitBefore = JitActivity.read(process.pid());
    try (Profile profile =
        Profile.start("sustained-" + service + "-creates", service, process, work())) {
      run = SustainedCreates.run(stack, pipeline, posts, rounds.sustained(), DRAIN_LIMIT);
    }
    // the warm-up stops once the compilers take < JIT_QUIET_PERCENT % of a window: whether they
    // stay quiet over the measured one is told here
    double jit = JitActivity.read(process.pid()).shareSince(jitBefore);
    results.queue(service + " creates, sustained " + window + " s", run.samples());
    print(entity + " creates applied, sustained", run.applied());
    print(entity + " creates accepted, c=64", run.accepted());
    String storedName = stored == null ? "" : "; " + stored + " courses stored at the start";
    results.add(
        Row.of(
                "%s creates applied/s, sustained %d s with c=64 POSTs running%s"
                    .formatted(entity, window, storedName),
                run.applied(),
                service.equals("courses") ? MONGO_CEILING : POSTGRES_CEILING,
                storeCeiling)
            .target(">= 3,000 applied/s", run.applied().rps() >= 3000));
    results.add(
        Row.of(
            "%s creates accepted/s at saturation (wrk c=64, the same %d s)"
                .formatted(entity, window),
            run.accepted(),
            PUBLISH_CEILING,
            publish));
    results.note(
        "%s creates, sustained %d s: %d accepted (%.0f/s), %d applied in the window (%.0f/s);"
                .formatted(
                    entity,
                    window,
                    run.accepted().count(),
                    run.accepted().rps(),
                    run.applied().count(),
                    run.applied().rps())
            + " %.1f inserts per store round trip (nis_store_batch_size);"
                .formatted(run.insertsPerRoundTrip())
            + " queued %d at the start, %d at the end; %s%s"
                .formatted(
                    run.depthAtStart(),
                    run.depthAtEnd(),
                    run.drainSeconds() < 0
                        ? "not drained within " + DRAIN_LIMIT.toMinutes() + " min"
                        : "drained %.1f s after the window".formatted(run.drainSeconds()),
                    before < 0
                        ? ""
                        : "; courses stored %d before, %d after"
                            .formatted(before, Data.storedCourses(stack))));
    results.note(
        "%s creates, CPU during the sustained window: %s; the JIT compilers took %.0f %% of %s's CPU over the window and its drain"
            .formatted(entity, run.cpu(), jit * 100, service));
    if (run.drainApplied() != null) {
      // the window's rate shares the cores with wrk's accepts, which take most of them; the drain
      // after it has the queue and the cores to itself: the capacity of applying alone
      print(entity + " creates applied, queue draining", run.drainApplied());
      results.add(
          Row.of(
              "%s creates applied/s while the window's queue drains (no accepts running)"
                  .formatted(entity),
              run.drainApplied(),
              service.equals("courses") ? MONGO_CEILING : POSTGRES_CEILING,
              storeCeiling));
      results.note("%s creates, CPU while the queue drained: %s".formatted(entity, run.drainCpu()));
    }
    return run.applied();
  }

  /**
   * Windows of {@code load} at saturation, each drained, until the service is warm: its JIT
   * compilers took less than {@value #JIT_QUIET_PERCENT} % of its CPU over the last window, at most
   * {@value #MAX_WARM_UPS} windows. The applied rate is no guide: a fresh students service alone (8
   * s windows of creates at 16 connections, 2026-12-02) climbed 192, 263, 252, 367, 377, 510, 538
   * and 820/s while its compilers took 24–34 % of its CPU in each of the first seven windows and 8
   * % in the eighth; and a slower moment of the shared machine can make it fall between two windows
   * (the same day's run: 155, 335, 459, then 274/s, which stopped the earlier rule "until the rate
   * gains less than a tenth" with the service still compiling). The rates and the compilers' shares
   * go into the notes.
   *
   * <p>{@code afterEach} runs after each window's drain, inside the span whose compiler share is
   * read: with the store in the courses service (from ff45819) the deletion of the warm-up's
   * courses ran in that JVM once, after the last window, and the measured window that followed
   * spent 11–22 % of the service's CPU in its compilers (3–9 % in the last warm-up window) and
   * applied fewer creates than the warm-up had (1,362 against 1,876/s at 2026-12-06 19:38): the
   * deletion's own code and what it did to the profiles of the code it shares with the creates were
   * compiled in the measured window. Deleting after every window warms that too.
   *
   * @param load a new load for each window (a student load posts names of its own tag)
   * @param afterEach what follows each window (the courses' deletion of what it added)
   */
  private void warmUp(String entity, Pipeline pipeline, Supplier<Wrk> load, Step afterEach)
      throws Exception {
    boolean courses = entity.equals("course");
    String service = courses ? "courses" : "students";
    long pid = courses ? stack.courses().pid() : stack.students().pid();
    untilJitQuiet(
        entity + " writes",
        "applied",
        Map.of(service, pid),
        () -> {
          double applied =
              SustainedCreates.run(stack, pipeline, load.get(), WARM_UP_WINDOW, DRAIN_LIMIT)
                  .applied()
                  .rps();
          afterEach.run();
          return "%.0f/s".formatted(applied);
        });
  }

  /** A step between warm-up windows. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /**
   * Windows of the half-rate open loop ({@code POST} with {@code Prefer: wait=5}), not counted,
   * until the courses service (with its embedded store when MONGO_URI is unset) and this JVM (the
   * loop's HTTP client) are warm: the saturated warm-up runs wrk without {@code Prefer}, so neither
   * the service's waiting path nor this JVM's HTTP client had run before this case (the run of
   * 2026-12-02 16:14: the cores 99 % busy at half the applied maximum, this JVM alone 670 CPU ms a
   * second).
   */
  private void warmUpWaiting(Pipeline courses, double half) throws Exception {
    warmUpUntilJitQuiet(
        "half-rate creates (Prefer: wait=5 at %.0f/s)".formatted(half),
        waitingCreates(half),
        Map.of("courses", stack.courses().pid(), "the bench JVM", ProcessHandle.current().pid()),
        courses);
  }

  /**
   * Uncounted windows of {@code load}, each followed by draining {@code queues}, until the JIT
   * compilers of each of {@code processes} are quiet (the rule of {@link #warmUp}); each window's
   * p99 goes into the notes.
   */
  private void warmUpUntilJitQuiet(
      String what, Load load, Map<String, Long> processes, Pipeline... queues) throws Exception {
    AtomicInteger windows = new AtomicInteger();
    untilJitQuiet(
        what,
        "each window's",
        processes,
        () -> {
          Measurement window = load.run(WARM_UP_WINDOW);
          drain(what + ", warm-up window " + windows.incrementAndGet(), queues);
          return "p99 %.0f ms".formatted(window.p99Ms());
        });
  }

  /** One uncounted warm-up window, run; what it measured, for the notes. */
  @FunctionalInterface
  private interface WarmUpWindow {
    String run() throws Exception;
  }

  /**
   * Runs {@code window} until the JIT compilers of each of {@code processes} took less than {@value
   * #JIT_QUIET_PERCENT} % of that process's CPU over the last one, at most {@value #MAX_WARM_UPS}
   * times, and writes each window's measure and compilers' shares to the notes.
   */
  private void untilJitQuiet(
      String what, String measured, Map<String, Long> processes, WarmUpWindow window)
      throws Exception {
    Map<String, Long> named = new TreeMap<>(processes);
    List<String> windows = new ArrayList<>();
    double loudest = 1;
    for (int i = 0; i < MAX_WARM_UPS && loudest * 100 >= JIT_QUIET_PERCENT; i++) {
      Map<String, JitActivity.Reading> before = new TreeMap<>();
      for (Map.Entry<String, Long> process : named.entrySet()) {
        before.put(process.getKey(), JitActivity.read(process.getValue()));
      }
      String measure = window.run();
      loudest = 0;
      List<String> shares = new ArrayList<>();
      for (Map.Entry<String, JitActivity.Reading> process : before.entrySet()) {
        double share = JitActivity.read(named.get(process.getKey())).shareSince(process.getValue());
        loudest = Math.max(loudest, share);
        shares.add("%.0f %% of %s".formatted(share * 100, process.getKey()));
      }
      windows.add("%s (JIT %s)".formatted(measure, String.join(", ", shares)));
    }
    System.out.printf("  %s, warm-ups: %s%n", what, windows);
    results.note(
        ("%s, %d s warm-up windows before the case (not counted), each drained, until the JIT"
                + " compilers of %s took < %d %% of their CPU (at most %d): %s %s%s")
            .formatted(
                what,
                WARM_UP_WINDOW.toSeconds(),
                String.join(" and ", named.keySet()),
                JIT_QUIET_PERCENT,
                MAX_WARM_UPS,
                measured,
                String.join(", ", windows),
                loudest * 100 >= JIT_QUIET_PERCENT ? "; NOT warm when the windows ran out" : ""));
  }

  /** Open loop at half the maximum applied rate: POST with Prefer: wait=5, answered 201. */
  private void halfRateCreates(Pipeline courses, double half) throws Exception {
    Measurement waited;
    QueueWatch.Growth queue;
    String cpu;
    try (QueueWatch watch = new QueueWatch(courses)) {
      long began = System.nanoTime();
      CpuAccount.Snapshot cpuBefore = CpuAccount.take(stack);
      try (Profile profile =
          Profile.start("half-rate-courses-creates", "courses", stack.courses(), work())) {
        waited =
            rounds.median(
                "POST Prefer: wait=5 at %.0f/s (half of max)".formatted(half),
                watch.around(waitingCreates(half)));
      }
      cpu = cpuPerSecond(cpuBefore, began);
      queue = watch.of(waited);
    }
    results.add(
        Row.of(
                "accept → applied (POST with Prefer: wait=5) at %.0f/s, half of max applied; %s"
                    .formatted(half, queue),
                waited,
                null,
                null)
            .target("p99 < 50 ms", waited.p99Ms() < 50 && waited.errors() == 0));
    results.note(
        "accept → applied at %.0f/s: %d answered 201, %d did not (202 after 5 s, or an error);"
                .formatted(half, waited.count(), waited.errors())
            + " the courses command queue %s".formatted(queue)
            + (queue.grew()
                ? ", it grew"
                : ", it did not grow (by more than one command a partition)")
            + "; courses stored after: %d".formatted(Data.storedCourses(stack)));
    results.note("half-rate creates, CPU over the case (its rounds and warm-up): " + cpu);
  }

  /**
   * CPU by consumer per second since {@code began} (nanoTime), for two cases at the same create
   * rate, the second with enrollments added: while the cores have room for both, their difference
   * over the enrollment rate is what one enrollment costs, its probe's reads included; on full
   * cores it shows only where the CPU went instead (bench/analysis.md, run of 2026-12-02 16:14).
   */
  private String cpuPerSecond(CpuAccount.Snapshot before, long began) throws IOException {
    return CpuAccount.perSecond(
        before, CpuAccount.take(stack), Duration.ofNanos(System.nanoTime() - began));
  }

  /**
   * Enrollment probes under the half-rate load (creates with Prefer: wait=5 at half the maximum
   * applied rate, as in {@link #halfRateCreates}): each probe enrolls an existing student in an
   * existing course and reads the student until the course shows (see {@link
   * EnrollmentVisibility}).
   */
  private void halfRateEnrollments(
      Connection nats, Pipeline courses, Pipeline coursesLog, Pipeline studentsLog, double half)
      throws Exception {
    List<String> courseIds = data.courseIds().subList(1, data.courseIds().size());
    List<String> studentIds = Data.allStudentIds(stack);
    double seconds =
        (rounds.warmup().toNanos() + rounds.rounds() * rounds.length().toNanos()) / 1e9;
    EnrollmentVisibility load =
        new EnrollmentVisibility(
            stack.coursesUrl(), stack.studentsUrl(), courseIds, studentIds, waitingCreates(half));
    double probes = EnrollmentVisibility.PROBES_PER_SECOND;
    double warmUpSeconds = MAX_WARM_UPS * WARM_UP_WINDOW.toSeconds();
    if (load.capacity() < probes * (seconds + warmUpSeconds) * 1.05) {
      throw new IllegalStateException(
          "%d students and %d courses allow only %d enrollments, fewer than the probes need"
              .formatted(studentIds.size(), courseIds.size(), load.capacity()));
    }
    Measurement visible;
    QueueWatch.Growth queue;
    String cpu;
    String hops;
    JetStreamManagement jsm = nats.jetStreamManagement();
    String logStream = new JetStreamContract(stack.namespace).enrollmentStream();
    // the watch samples through the warm-up too: its reading of the students' log scrapes their
    // /metrics 6-7 times a second, which no earlier case does, and the JIT compiling that scrape
    // (1.2 s of C2 time, in JFR on 2026-12-05) had fallen inside the measured rounds
    try (QueueWatch watch = new QueueWatch(courses, studentsLog)) {
      // the students' apply path of the enrollment log, and the courses' of an enrollment
      // command, run here for the first time: warm them as the creates' path was warmed
      warmUpUntilJitQuiet(
          "enrollment probes at %.0f/s under the half-rate creates".formatted(probes),
          load,
          Map.of(
              "courses",
              stack.courses().pid(),
              "students",
              stack.students().pid(),
              "the bench JVM",
              ProcessHandle.current().pid()),
          courses,
          coursesLog,
          studentsLog);
      try (Profile profile =
          Profile.start("enrollment-probes-students", "students", stack.students(), work())) {
        long began = System.nanoTime();
        load.forgetTimelines();
        long firstEntry = EnrollmentHops.nextSequence(jsm, logStream);
        Instant measuredFrom = Instant.now();
        CpuAccount.Snapshot cpuBefore = CpuAccount.take(stack);
        JitActivity.Reading coursesJit = JitActivity.read(stack.courses().pid());
        JitActivity.Reading studentsJit = JitActivity.read(stack.students().pid());
        // the hops are of the measured rounds: Rounds runs the load once first as its warm-up
        AtomicBoolean warmedUp = new AtomicBoolean();
        Load measured =
            length -> {
              Measurement round = load.run(length);
              if (!warmedUp.getAndSet(true)) {
                load.forgetTimelines();
              }
              return round;
            };
        visible =
            rounds.median(
                "enrollment visible under creates at %.0f/s".formatted(half),
                watch.around(measured));
        cpu =
            cpuPerSecond(cpuBefore, began)
                + "; the JIT compilers took %.0f %% of the courses service's CPU, %.0f %% of the students'"
                    .formatted(
                        100 * JitActivity.read(stack.courses().pid()).shareSince(coursesJit),
                        100 * JitActivity.read(stack.students().pid()).shareSince(studentsJit));
        queue = watch.of(visible);
        hops =
            EnrollmentHops.breakdown(
                    load.timelines(),
                    EnrollmentHops.wallOffsetNanos(),
                    EnrollmentHops.applyBegan(stack.serviceLog("courses")),
                    EnrollmentHops.logged(jsm, logStream, firstEntry),
                    EnrollmentHops.applied(stack.schema, measuredFrom.minusSeconds(1)))
                .describe();
      }
    }
    results.add(
        Row.of(
                ("enrollment visible on the student (PUT /api/courses/{c}/students/{s} →"
                        + " GET /api/students/{s}), %.0f probes/s under creates at %.0f/s,"
                        + " half of max applied; %s")
                    .formatted(probes, half, queue),
                visible,
                null,
                null)
            .target("p99 < 100 ms", visible.p99Ms() < 100 && visible.errors() == 0));
    results.note(
        ("enrollment probes at %.0f/s (GET /api/students/{s} every %d ms for %d ms, then after"
                + " a pause of 1/%d of the time waited, until the course shows)"
                + " under POST Prefer: wait=5 at %.0f/s: %d probes, %d errors (probes and"
                + " creates); courses commands + students' log %s%s")
            .formatted(
                probes,
                EnrollmentVisibility.POLL.toMillis(),
                EnrollmentVisibility.FAST_FOR.toMillis(),
                EnrollmentVisibility.LATE_PAUSE_DIVISOR,
                half,
                visible.count(),
                visible.errors(),
                queue,
                queue.grew()
                    ? ", they grew"
                    : ", they did not grow (by more than one command a partition)"));
    results.note(hops);
    results.note(
        "half-rate creates with the enrollment probes, CPU over the case (its rounds and warm-up): "
            + cpu);
  }

  /** Closed loop: 64 connections POST with Prefer: wait=5; throughput counts only 201s. */
  private void synchronousCreates(Measurement mongoInsert) throws Exception {
    long before = Data.storedCourses(stack);
    Measurement created =
        rounds.median(
            "POST Prefer: wait=5, c=64 (201/s)",
            new Wrk(
                statusScript,
                stack.coursesUrl() + "/api/courses",
                CONNECTIONS,
                "201",
                "post-course",
                "wait=5"));
    results.add(
        Row.of(
                "course creates answered 201 with Prefer: wait=5, c=64 (closed loop)",
                created,
                MONGO_CEILING,
                mongoInsert)
            .target(">= 1,400/s", created.rps() >= 1400));
    results.note(
        "Prefer: wait=5 creates at c=64: %d answered 201 in the median round, %d did not;"
                .formatted(created.count(), created.errors())
            + " courses stored %d before the case, %d after"
                .formatted(before, Data.storedCourses(stack)));
  }

  /**
   * The sustained course window again, with {@value #LARGE_STORE} courses stored at its start: the
   * courses the earlier cases' loads created (none has a student) are deleted from the store
   * directly, then the store is filled up to that count directly. Without the deletion the case
   * measured whatever the earlier cases left, which grows with the machine's speed (140,000 stored
   * on a slow hour, 590,000 on a fast one), not the target's 100,000. The last case: what it leaves
   * queued is not waited for (the stack goes next).
   */
  private void largeStore(Pipeline courses, Measurement withThousand) throws Exception {
    long deleted = Data.deleteCoursesOf(stack, WRK_TEACHER, OPEN_LOOP_TEACHER);
    long added = Data.fillCourses(stack, LARGE_STORE);
    long stored = Data.storedCourses(stack);
    results.note(
        ("large store: %d courses the earlier cases' loads created deleted from the store directly,"
                + " %d written directly into the courses collection, %d stored")
            .formatted(deleted, added, stored));
    long window = rounds.sustained().toSeconds();
    SustainedCreates.Result run;
    try (Profile profile =
        Profile.start("sustained-courses-creates-100k", "courses", stack.courses(), work())) {
      run = SustainedCreates.run(stack, courses, coursePosts(), rounds.sustained(), null);
    }
    results.queue(
        "course creates, %,d stored, sustained %d s".formatted(stored, window), run.samples());
    print("course creates applied, " + stored + " stored", run.applied());
    double ratio = run.applied().rps() / withThousand.rps();
    results.add(
        Row.of(
                "course creates applied/s, sustained %d s with c=64 POSTs running; %,d courses stored"
                    .formatted(window, stored),
                run.applied(),
                "the same with 1,000 courses stored (first row)",
                withThousand)
            .target("within 20 % of the rate with 1,000", ratio >= 0.8));
    results.note(
        "course creates with %,d stored: %d accepted (%.0f/s), %d applied in the window (%.0f/s),"
                .formatted(
                    stored,
                    run.accepted().count(),
                    run.accepted().rps(),
                    run.applied().count(),
                    run.applied().rps())
            + " %.1f inserts per store round trip; queued %d at the start, %d at the end; CPU: %s"
                .formatted(
                    run.insertsPerRoundTrip(), run.depthAtStart(), run.depthAtEnd(), run.cpu()));
  }

  /** Waits for what a case left queued, so that the next starts from empty queues. */
  private void drain(String after, Pipeline... pipelines) throws Exception {
    long start = System.nanoTime();
    for (Pipeline pipeline : pipelines) {
      if (!pipeline.drain(DRAIN_LIMIT)) {
        results.note(
            "%s still queued %d after %s and %d min"
                .formatted(pipeline.name(), pipeline.depth(), after, DRAIN_LIMIT.toMinutes()));
      }
    }
    System.out.printf("  drained after %s in %.1f s%n", after, (System.nanoTime() - start) / 1e9);
  }

  private Wrk coursePosts() {
    return new Wrk(script, stack.coursesUrl() + "/api/courses", CONNECTIONS, "post-course");
  }

  /** Students named after a tag of this load, so that no two runs post the same full name. */
  private Wrk studentPosts() {
    String tag = Long.toString(Math.floorMod(System.nanoTime(), 60_466_176L), 36);
    return new Wrk(script, stack.studentsUrl() + "/api/students", CONNECTIONS, "post-student", tag);
  }

  /**
   * Course creates with {@code Prefer: wait=5} at {@code perSecond}, each with a name of its own;
   * done when answered 201.
   */
  private Load waitingCreates(double perSecond) {
    return new HttpOpenLoop(
        perSecond,
        URI.create(stack.coursesUrl() + "/api/courses"),
        () -> Data.course(1_000_000 + (int) sequence.incrementAndGet(), OPEN_LOOP_TEACHER),
        "wait=5",
        201);
  }

  private Path work() {
    return script.getParent().resolveSibling("target");
  }

  private static void print(String name, Measurement m) {
    System.out.printf(
        "  %-44s %10.0f/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
        name, m.rps(), m.p50Ms(), m.p99Ms(), m.errors());
  }
}
