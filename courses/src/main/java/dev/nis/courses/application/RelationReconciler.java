package dev.nis.courses.application;

import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.application.port.out.LogPositions;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.port.out.CourseRepository;
import dev.nis.courses.application.port.out.StoredStudents;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseEnrollment;
import dev.nis.courses.domain.EnrolledStudent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Reconciliation of the enrollment relation (README.md, "Reconciliation"): reads both halves from
 * the stores (course.student_ids here, student.course_ids from the students service's store over
 * gRPC), finds the pairs one side holds and the other does not, and repairs each through the
 * enrollment log, never by writing the students' store: it appends {@code ADD(course, student)},
 * which both sides apply as they apply any ADD. The side that holds the pair changes nothing; the
 * side that lost it adds it back; a side whose entity is missing (a dangling id) or full appends
 * the compensating REMOVE as it does today, which then removes the id on both sides. ADD rather
 * than REMOVE because the half that is left is the record of an entry the log applied, and an ADD
 * the log cannot honour ends as the REMOVE anyway.
 *
 * <p>A pair in flight (an entry applied by one side, not yet by the other) is not drift. The rule
 * chosen compares against the log's position rather than waiting for two runs: a one-sided pair is
 * acted on only when its log partition is settled ({@link LogPositions#settled}: both sides have
 * applied every entry of it), its two halves are then read again, and the repair is a
 * compare-and-append ({@link EnrollmentLog#appendIfPartitionAt}) at that position, which JetStream
 * refuses if any entry reached the partition since. So a repair is appended only where both halves
 * were read after applying the same entries and nothing was in flight; it can never land after an
 * entry it did not see (an ADD behind a REMOVE not yet applied would undo the removal). Two runs
 * would be cheaper to reason about but are only probably right: a backlog longer than the interval
 * (a side paused on its database) would make an in-flight REMOVE look like drift. A busy partition
 * leaves its pairs to the next run ({@link Reconciliation#unsettled}).
 *
 * <p>A run reads for a tenth of the time and rests for the rest ({@link DutyCycle}): unpaced, it
 * took the cores from the appliers for as long as it read (6.9 s over 233,174 courses and 109,496
 * students under the benchmark's creates), and their queue grew by seconds. The courses are read as
 * their enrollments only ({@link CourseRepository#findEnrollmentPage}). While the service's
 * appliers have a backlog, it does not read at all ({@link DutyCycle}): the embedded store answers
 * each page under its collection's lock, so even a tenth of the time holds the appliers' inserts
 * back when they are already behind.
 */
public final class RelationReconciler {
  /** Bounds one run's work (a re-read over gRPC and an append each); the next run goes on. */
  static final int MAX_PAIRS_PER_RUN = 500;

  /**
   * The share of the time a run reads (a {@link DutyCycle}): each page of either half, and each
   * pair's second look, is followed by a rest nine times as long.
   */
  static final double SHARE_OF_TIME = 0.1;

  private static final int PAGE = PageRequest.MAX_LIMIT;

  private final CourseRepository courses;
  private final StoredStudents students;
  private final LogPositions positions;
  private final EnrollmentLog log;
  private final DutyCycle pace;

  /**
   * A reconciler that reads for {@value #SHARE_OF_TIME} of the time, and not at all while {@code
   * appliersBehind} (for up to {@link DutyCycle#MAX_YIELD} before each read).
   *
   * @param appliersBehind whether the service's command appliers have a backlog
   */
  public RelationReconciler(
      CourseRepository courses,
      StoredStudents students,
      LogPositions positions,
      EnrollmentLog log,
      BooleanSupplier appliersBehind) {
    this(courses, students, positions, log, DutyCycle.of(SHARE_OF_TIME, appliersBehind));
  }

  RelationReconciler(
      CourseRepository courses,
      StoredStudents students,
      LogPositions positions,
      EnrollmentLog log,
      DutyCycle pace) {
    this.courses = courses;
    this.students = students;
    this.positions = positions;
    this.log = log;
    this.pace = pace;
  }

  /** A (course, student) pair one side holds. */
  record Pair(CourseId course, StudentId student) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair other) {
      int byCourse = course.compareTo(other.course);
      return byCourse != 0 ? byCourse : student.compareTo(other.student);
    }
  }

  /** One side's pairs, by its entity (only entities that hold any), and how many it read. */
  private record Half<K, V>(Map<K, Set<V>> held, int read) {}

  private enum Drift {
    NONE,
    DISAGREEING,
    DANGLING
  }

  /**
   * One run. {@code stillHolder} is asked before each repair: a run whose replica lost the lease
   * stops acting, so that two runs never repair at once.
   *
   * @throws dev.nis.common.application.DependencyUnavailableException when a store, the peer or
   *     NATS cannot answer; nothing is half-done (each repair is one append)
   */
  public Reconciliation run(BooleanSupplier stillHolder) {
    long yieldedBefore = pace.yieldedNanos();
    Half<CourseId, StudentId> courseSide = courseHalf();
    Half<StudentId, CourseId> studentSide = studentHalf();
    Map<CourseId, Set<StudentId>> courseHalf = courseSide.held();
    Map<StudentId, Set<CourseId>> studentHalf = studentSide.held();
    Set<Pair> oneSided = new TreeSet<>();
    courseHalf.forEach(
        (course, held) ->
            held.stream()
                .filter(s -> !studentHalf.getOrDefault(s, Set.of()).contains(course))
                .forEach(s -> oneSided.add(new Pair(course, s))));
    studentHalf.forEach(
        (student, held) ->
            held.stream()
                .filter(c -> !courseHalf.getOrDefault(c, Set.of()).contains(student))
                .forEach(c -> oneSided.add(new Pair(c, student))));
    String run = "reconciliation:" + UUID.randomUUID();
    int disagreeing = 0;
    int dangling = 0;
    int unsettled = 0;
    for (Pair pair : oneSided.stream().limit(MAX_PAIRS_PER_RUN).toList()) {
      if (!stillHolder.getAsBoolean()) {
        break;
      }
      String course = pair.course().value();
      String student = pair.student().toString();
      OptionalLong position = pace.step(() -> positions.settled(course, student));
      if (position.isEmpty()) {
        unsettled++;
        continue;
      }
      Drift drift = pace.step(() -> drift(pair));
      if (drift == Drift.NONE) {
        continue;
      }
      EnrollmentChange repair =
          new EnrollmentChange(EnrollmentChange.Kind.ADD, course, student, "", reason(drift));
      if (!stillHolder.getAsBoolean()) {
        break;
      }
      if (!log.appendIfPartitionAt(position.getAsLong(), run, repair)) {
        unsettled++;
      } else if (drift == Drift.DANGLING) {
        dangling++;
      } else {
        disagreeing++;
      }
    }
    unsettled += Math.max(0, oneSided.size() - MAX_PAIRS_PER_RUN);
    return new Reconciliation(
        disagreeing,
        dangling,
        unsettled,
        courseSide.read(),
        studentSide.read(),
        Duration.ofNanos(pace.yieldedNanos() - yieldedBefore));
  }

  private static String reason(Drift drift) {
    return drift == Drift.DANGLING
        ? "reconciliation: an id of an entity that does not exist"
        : "reconciliation: one side of the enrollment was missing";
  }

  /** The pair's two halves read again, now that its partition is settled. */
  private Drift drift(Pair pair) {
    Optional<Course> course = courses.findById(pair.course());
    List<EnrolledStudent> student = students.of(List.of(pair.student()));
    boolean courseHolds = course.map(c -> c.studentIds().contains(pair.student())).orElse(false);
    boolean studentHolds =
        student.stream().anyMatch(s -> s.courseIds().contains(pair.course().value()));
    if (courseHolds == studentHolds) {
      return Drift.NONE;
    }
    boolean otherLive = courseHolds ? !student.isEmpty() : course.isPresent();
    return otherLive ? Drift.DISAGREEING : Drift.DANGLING;
  }

  /**
   * The pairs the courses hold, by course, and how many courses were read. Courses without students
   * are read and left out: they hold no pair, and keeping each of them cost ~280 bytes of heap,
   * which ran the service out of its 96 MiB heap with ~300,000 courses stored (a benchmark run of
   * 2026-12-03). The halves then take heap by the enrollments, not the entities.
   */
  private Half<CourseId, StudentId> courseHalf() {
    Map<CourseId, Set<StudentId>> half = new HashMap<>();
    int counted = 0;
    PageRequest page = PageRequest.first(PAGE);
    while (true) {
      PageRequest next = page;
      List<CourseEnrollment> read = pace.step(() -> courses.findEnrollmentPage(next));
      for (CourseEnrollment course : read.subList(0, Math.min(PAGE, read.size()))) {
        counted++;
        if (!course.studentIds().isEmpty()) {
          half.put(course.id(), new HashSet<>(course.studentIds()));
        }
      }
      if (read.size() <= PAGE) {
        return new Half<>(half, counted);
      }
      page = new PageRequest(PAGE, Optional.of(read.get(PAGE - 1).id().value()));
    }
  }

  /** The pairs the students hold, by student, and how many were read, as {@link #courseHalf}. */
  private Half<StudentId, CourseId> studentHalf() {
    Map<StudentId, Set<CourseId>> half = new HashMap<>();
    int counted = 0;
    Optional<String> cursor = Optional.empty();
    do {
      Optional<String> after = cursor;
      Page<EnrolledStudent> page = pace.step(() -> students.page(after));
      for (EnrolledStudent student : page.items()) {
        counted++;
        if (student.courseIds().isEmpty()) {
          continue;
        }
        Set<CourseId> held = new HashSet<>();
        student.courseIds().forEach(id -> held.add(CourseId.parse("course_ids", id)));
        half.put(StudentId.parse("id", student.id()), held);
      }
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    return new Half<>(half, counted);
  }
}
