package dev.nis.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Enrollment probes under a background load: {@value #PROBES_PER_SECOND} enrollments a second (open
 * loop), each of an existing student in an existing course not yet holding it: {@code PUT
 * /api/courses/{c}/students/{s}} (202), applied by courses, appended to the enrollment log, applied
 * by students; after the PUT, {@code GET /api/students/{s}} every {@link #POLL} until {@code
 * course_ids} holds c, and once {@link #FAST_FOR} has passed, after a pause of a quarter of the
 * time waited so far. A probe's latency runs from the moment it was due to the first read that
 * shows the course, so it is at most one pause (plus a read) late: 10 ms up to the target (p99 <
 * 100 ms), a quarter of the latency beyond it. The background load (issue 10: "under that load",
 * the creates at half the maximum) runs beside the probes for the same time; its failures count as
 * the measurement's errors.
 *
 * <p>Why pauses, and growing ones: the probes' reads share the two cores with what they measure.
 * Read as fast as the bench could send them, the probes measured mostly each other; at 2 ms
 * throughout, a slow moment put thousands of reads a second on the cores, which made the next
 * probes slower still (run of 2026-11-30: p50 3.8 s). A fixed slower pause after the first 100 ms
 * was not enough either: in the runs of 2026-12-02 13:45 (2 ms, then 25 ms) and 15:40 (10 ms, then
 * 50 ms, 50 probes a second) the queues grew from the first round on, and with every late probe
 * reading 20-40 times a second until its 5 s ran out, hundreds of probes in flight read thousands
 * of times a second and nearly all failed. A pause that grows with the wait bounds a probe to under
 * 30 reads however late it is, and 20 probes a second keep the enrollments themselves a small part
 * of the load (each is three applies and their writes to NATS).
 */
final class EnrollmentVisibility implements Load {
  /** Probes per second: a hundred samples per round, and a load the 2 cores can bear beside it. */
  static final int PROBES_PER_SECOND = 20;

  /** How often a probe reads the student at first; the resolution of the measurement there. */
  static final Duration POLL = Duration.ofMillis(10);

  /** How long a probe polls every {@link #POLL}: the target's p99. */
  static final Duration FAST_FOR = Duration.ofMillis(100);

  /** After {@link #FAST_FOR}, the pause before the next read is the time waited over this. */
  static final int LATE_PAUSE_DIVISOR = 4;

  /** Courses a student may join here: one below the cap of 15, for the student already enrolled. */
  private static final int COURSES_PER_STUDENT = 14;

  /** Students a course holds at most. */
  private static final int STUDENTS_PER_COURSE = 60;

  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

  private final String coursesUrl;
  private final String studentsUrl;
  private final List<String> courseIds;
  private final List<String> studentIds;
  private final Load background;
  private final int rounds;
  private final AtomicLong pairs = new AtomicLong();
  private final Queue<Timeline> timelines = new ConcurrentLinkedQueue<>();

  /**
   * One probe that ended with the course shown: its pair, its operation (the 202's {@code
   * operation_id}, "" if the body had none), and when (System.nanoTime) it was due, its PUT was
   * answered 202, and its read showed the course. {@link EnrollmentHops} places the services' and
   * the log's times between them.
   */
  record Timeline(
      String course, String student, String operationId, long due, long accepted, long visible) {}

  private static final Pattern OPERATION_ID =
      Pattern.compile("\"operation_id\"\\s*:\\s*\"([^\"]+)\"");

  /**
   * @param coursesUrl the courses service's base URL (scheme, host and port)
   * @param studentsUrl the students service's
   * @param courseIds courses that hold none of the students (nor any other student)
   * @param studentIds students that hold at most one course
   * @param background the load the probes run under
   */
  EnrollmentVisibility(
      String coursesUrl,
      String studentsUrl,
      List<String> courseIds,
      List<String> studentIds,
      Load background) {
    this.coursesUrl = coursesUrl;
    this.studentsUrl = studentsUrl;
    this.courseIds = courseIds;
    // as many students as let every student take all its rounds: more (the creates' windows store
    // tens of thousands) would put more than a course's cap into one course in the first round
    this.studentIds =
        studentIds.subList(
            0,
            Math.min(
                studentIds.size(), courseIds.size() * (STUDENTS_PER_COURSE / COURSES_PER_STUDENT)));
    this.background = background;
    int perCourseEachRound = Math.ceilDiv(this.studentIds.size(), courseIds.size());
    this.rounds =
        Math.min(
            Math.min(COURSES_PER_STUDENT, courseIds.size()),
            STUDENTS_PER_COURSE / perCourseEachRound);
  }

  /** How many enrollments the ids allow without reaching a student's or a course's cap. */
  long capacity() {
    return (long) studentIds.size() * rounds;
  }

  /** The probes that showed their course since the last {@link #forgetTimelines}, in any order. */
  List<Timeline> timelines() {
    return List.copyOf(timelines);
  }

  /** Forgets the probes so far (those of the warm-up). */
  void forgetTimelines() {
    timelines.clear();
  }

  @Override
  public Measurement run(Duration length) throws Exception {
    Measurement[] under = new Measurement[1];
    Thread others =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    under[0] = background.run(length);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (Exception e) {
                    throw new IllegalStateException("the background load failed", e);
                  }
                });
    Measurement measured = probes(length);
    others.join();
    long otherErrors = under[0] == null ? 0 : under[0].errors();
    return new Measurement(
        measured.rps(),
        measured.count(),
        measured.errors() + otherErrors,
        measured.p50Ms(),
        measured.p90Ms(),
        measured.p99Ms(),
        measured.maxMs(),
        measured.seconds());
  }

  private record Pair(String course, String student) {}

  /**
   * The n-th pair: every student in turn, each round a different course for each; a course gets at
   * most ⌈students / courses⌉ students a round.
   */
  private Pair next() {
    long n = pairs.getAndIncrement();
    int student = (int) (n % studentIds.size());
    long round = n / studentIds.size();
    if (round >= rounds) {
      throw new IllegalStateException("no enrollment left that no cap refuses");
    }
    int course = (int) ((student + round) % courseIds.size());
    return new Pair(courseIds.get(course), studentIds.get(student));
  }

  /**
   * The probes, each due at its time whatever the others' speed (an open loop, as {@link
   * OpenLoop}), all on the one event loop thread of a {@link LoopHttpClient}: a probe's PUT, its
   * reads and the pauses between them are callbacks and scheduled tasks there, not a thread each.
   * With the JDK client and a virtual thread per probe the probes took ~80 ms of this JVM's CPU a
   * second (runs of 2026-12-05) on the two cores the probes measure.
   */
  private Measurement probes(Duration length) throws InterruptedException {
    try (LoopHttpClient client = new LoopHttpClient("enrollment-probes")) {
      EventLoopOpenLoop round = new EventLoopOpenLoop(client.loop(), PROBES_PER_SECOND, length);
      Probes probes = new Probes(client, round);
      return round.run(
          length, VISIBLE_WITHIN.plus(Duration.ofMinutes(1)), probes::enroll, () -> {});
    }
  }

  /** One run's probes, all on the client's event loop. */
  private final class Probes {
    private final LoopHttpClient client;
    private final EventLoopOpenLoop round;

    Probes(LoopHttpClient client, EventLoopOpenLoop round) {
      this.client = client;
      this.round = round;
    }

    private void enroll(long due) {
      Pair pair;
      try {
        pair = next();
      } catch (IllegalStateException e) {
        failed();
        return;
      }
      URI enrollment =
          URI.create(coursesUrl + "/api/courses/" + pair.course() + "/students/" + pair.student());
      URI student = URI.create(studentsUrl + "/api/students/" + pair.student());
      client.send(
          HttpMethod.PUT,
          enrollment,
          null,
          null,
          answer(
              (status, body) -> {
                if (status == 202) {
                  Matcher operation = OPERATION_ID.matcher(body.toString(StandardCharsets.UTF_8));
                  read(
                      pair,
                      operation.find() ? operation.group(1) : "",
                      student,
                      due,
                      System.nanoTime());
                } else {
                  failed();
                }
              }));
    }

    /** Reads the student; done when it lists the course, else reads again after a pause. */
    private void read(Pair pair, String operationId, URI student, long due, long enrolled) {
      client.send(
          HttpMethod.GET,
          student,
          null,
          null,
          answer(
              (status, body) -> {
                if (body.toString(StandardCharsets.UTF_8).contains(pair.course())) {
                  timelines.add(
                      new Timeline(
                          pair.course(),
                          pair.student(),
                          operationId,
                          due,
                          enrolled,
                          System.nanoTime()));
                  round.done(due);
                  return;
                }
                long waited = System.nanoTime() - enrolled;
                if (waited > VISIBLE_WITHIN.toNanos()) {
                  failed();
                  return;
                }
                long pause =
                    waited < FAST_FOR.toNanos() ? POLL.toNanos() : waited / LATE_PAUSE_DIVISOR;
                client
                    .loop()
                    .schedule(
                        () -> read(pair, operationId, student, due, enrolled),
                        pause,
                        TimeUnit.NANOSECONDS);
              }));
    }

    private LoopHttpClient.Answer answer(BiConsumer<Integer, ByteBuf> onAnswer) {
      return new LoopHttpClient.Answer() {
        @Override
        public void answered(int status, ByteBuf body) {
          onAnswer.accept(status, body);
        }

        @Override
        public void failed() {
          Probes.this.failed();
        }
      };
    }

    private void failed() {
      round.failed();
    }
  }
}
