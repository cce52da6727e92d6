package dev.nis.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enrollments at a fixed rate (open loop), each of an existing student in an existing course not
 * yet holding it: {@code PUT /api/courses/{c}/students/{s}} (202), applied by courses, appended to
 * the enrollment log, applied by students. A share of them ({@value #PROBES_PER_SECOND}/s) are
 * probes: after the PUT, {@code GET /api/students/{s}} in a tight loop until {@code course_ids}
 * holds c; their latency, from the moment each was due to the first read that shows it, is the
 * measurement. The rest are PUTs only, so that the probes' reads do not set the load.
 */
final class EnrollmentVisibility implements Load {
  /** Probes per second: a few thousand samples per run, and a read load the 2 cores can bear. */
  static final int PROBES_PER_SECOND = 50;

  /** Courses a student may join here: one below the cap of 15, for the student already enrolled. */
  private static final int COURSES_PER_STUDENT = 14;

  /** Students a course holds at most. */
  private static final int STUDENTS_PER_COURSE = 60;

  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

  private final Stack stack;
  private final List<String> courseIds;
  private final List<String> studentIds;
  private final double perSecond;
  private final int rounds;
  private final AtomicLong pairs = new AtomicLong();

  /**
   * @param courseIds courses that hold none of the students (nor any other student)
   * @param studentIds students that hold at most one course
   */
  EnrollmentVisibility(
      Stack stack, List<String> courseIds, List<String> studentIds, double perSecond) {
    this.stack = stack;
    this.courseIds = courseIds;
    this.studentIds = studentIds;
    this.perSecond = perSecond;
    int perCourseEachRound = Math.ceilDiv(studentIds.size(), courseIds.size());
    this.rounds =
        Math.min(
            Math.min(COURSES_PER_STUDENT, courseIds.size()),
            STUDENTS_PER_COURSE / perCourseEachRound);
  }

  /** How many enrollments the ids allow without reaching a student's or a course's cap. */
  long capacity() {
    return (long) studentIds.size() * rounds;
  }

  @Override
  public Measurement run(Duration length) throws Exception {
    double probes = Math.min(perSecond, PROBES_PER_SECOND);
    double rest = perSecond - probes;
    Measurement[] background = new Measurement[1];
    Thread others =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    background[0] =
                        rest < 1 ? null : new OpenLoop(rest, () -> enroll(next())).run(length);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Measurement measured = new OpenLoop(probes, this::probe).run(length);
    others.join();
    long otherErrors = background[0] == null ? 0 : background[0].errors();
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

  private void enroll(Pair pair) throws Exception {
    Http.Reply reply =
        Http.put(
            stack.coursesUrl() + "/api/courses/" + pair.course() + "/students/" + pair.student());
    if (reply.status() != 202) {
      throw new IOException("enrollment answered " + reply.status() + ": " + reply.body());
    }
  }

  private void probe() throws Exception {
    Pair pair = next();
    enroll(pair);
    String url = stack.studentsUrl() + "/api/students/" + pair.student();
    long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
    while (!Http.get(url).body().contains(pair.course())) {
      if (System.nanoTime() > deadline) {
        throw new IOException(pair + " not visible on the student within " + VISIBLE_WITHIN);
      }
    }
  }
}
