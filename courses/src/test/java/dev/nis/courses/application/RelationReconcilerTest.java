package dev.nis.courses.application;

import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static dev.nis.courses.testing.CourseFixtures.course;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.RecordingEnrollmentLog;
import dev.nis.courses.application.port.out.StoredStudents;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.EnrolledStudent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The reconciliation's rule (in flight is not drift) and its repairs, over in-memory fakes. */
class RelationReconcilerTest {
  private final InMemoryCourseRepository courses = new InMemoryCourseRepository();
  private final Map<StudentId, EnrolledStudent> students = new TreeMap<>();
  private final RecordingEnrollmentLog log = new RecordingEnrollmentLog();

  /** Settled at the log's end by default (the recording log stands for one partition). */
  private Supplier<OptionalLong> settledAt = () -> OptionalLong.of(log.entries.size());

  private final RelationReconciler reconciler =
      new RelationReconciler(courses, new Students(), (c, s) -> settledAt.get(), log, () -> false);

  @Test
  void agreeingHalves_findNothing() {
    StudentId ada = aStudent();
    CourseId algebra = courseHolding(ada);
    student(ada, algebra);

    Reconciliation found = reconciler.run(() -> true);

    assertThat(found).isEqualTo(new Reconciliation(0, 0, 0, 1, 1, Duration.ZERO));
    assertThat(log.entries).isEmpty();
  }

  @Test
  void entitiesWithoutEnrollments_areCountedAsRead_andTheDriftAmongThemIsStillFound() {
    courseHolding();
    courseHolding();
    student(aStudent());
    StudentId ada = aStudent();
    CourseId algebra = courseHolding(ada);
    student(ada);

    Reconciliation found = reconciler.run(() -> true);

    assertThat(found).isEqualTo(new Reconciliation(1, 0, 0, 3, 2, Duration.ZERO));
    assertThat(log.entries).singleElement().satisfies(e -> isRepairAdd(e, algebra, ada));
  }

  @Test
  void aHalfDroppedOnTheStudentsSide_isADisagreeingPair_repairedWithAnAdd() {
    StudentId ada = aStudent();
    CourseId algebra = courseHolding(ada);
    student(ada);

    Reconciliation found = reconciler.run(() -> true);

    assertThat(found.disagreeingPairs()).isEqualTo(1);
    assertThat(log.entries).singleElement().satisfies(e -> isRepairAdd(e, algebra, ada));
  }

  @Test
  void aHalfDroppedOnTheCoursesSide_isADisagreeingPair_repairedWithAnAdd() {
    StudentId ada = aStudent();
    CourseId algebra = courseHolding();
    student(ada, algebra);

    Reconciliation found = reconciler.run(() -> true);

    assertThat(found.disagreeingPairs()).isEqualTo(1);
    assertThat(log.entries).singleElement().satisfies(e -> isRepairAdd(e, algebra, ada));
  }

  @Test
  void idsOfEntitiesThatDoNotExist_areDangling_andGoThroughTheLogToo() {
    StudentId ghost = aStudent();
    CourseId algebra = courseHolding(ghost);
    StudentId bob = aStudent();
    CourseId gone = CourseId.next();
    student(bob, gone);

    Reconciliation found = reconciler.run(() -> true);

    assertThat(found.danglingIds()).isEqualTo(2);
    assertThat(found.disagreeingPairs()).isZero();
    assertThat(log.entries)
        .extracting(EnrollmentChange::courseId, EnrollmentChange::studentId)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(algebra.value(), ghost.toString()),
            org.assertj.core.groups.Tuple.tuple(gone.value(), bob.toString()));
  }

  @Test
  void aPairInFlight_whosePartitionIsNotSettled_isLeftToTheNextRun() {
    StudentId ada = aStudent();
    courseHolding(ada);
    student(ada);
    settledAt = OptionalLong::empty;

    Reconciliation found = reconciler.run(() -> true);

    assertThat(found).isEqualTo(new Reconciliation(0, 0, 1, 1, 1, Duration.ZERO));
    assertThat(log.entries).isEmpty();
  }

  @Test
  void aPartitionThatMovedOnBeforeTheRepair_getsNoRepair() {
    StudentId ada = aStudent();
    courseHolding(ada);
    student(ada);
    settledAt = () -> OptionalLong.of(7); // the log holds no entry 7: an entry came since

    Reconciliation found = reconciler.run(() -> true);

    assertThat(found.unsettled()).isEqualTo(1);
    assertThat(found.disagreeingPairs()).isZero();
    assertThat(log.entries).isEmpty();
  }

  @Test
  void aRunThatNoLongerHoldsTheLease_repairsNothing() {
    StudentId ada = aStudent();
    courseHolding(ada);
    student(ada);

    Reconciliation found = reconciler.run(() -> false);

    assertThat(found.disagreeingPairs()).isZero();
    assertThat(log.entries).isEmpty();
  }

  @Test
  void everyReadOfARun_isFollowedByItsRest() {
    StudentId ada = aStudent();
    CourseId algebra = courseHolding(ada);
    student(ada);
    long[] clock = {0};
    List<Long> rests = new ArrayList<>();
    RelationReconciler paced =
        new RelationReconciler(
            courses,
            new Students(),
            (c, s) -> settledAt.get(),
            log,
            new DutyCycle(0.25, () -> clock[0] += 1_000_000, rests::add, () -> false));

    Reconciliation found = paced.run(() -> true);

    assertThat(found.disagreeingPairs()).isEqualTo(1);
    assertThat(log.entries).singleElement().satisfies(e -> isRepairAdd(e, algebra, ada));
    assertThat(rests)
        .as("a page of courses, a page of students, the pair's settled position and second look")
        .hasSize(4)
        .containsOnly(3_000_000L);
  }

  @Test
  void whileTheAppliersAreBehind_theRunWaitsBeforeReading_andSaysHowLong() {
    StudentId ada = aStudent();
    CourseId algebra = courseHolding(ada);
    student(ada, algebra);
    List<Long> rests = new ArrayList<>();
    int[] askedBehind = {0};
    RelationReconciler yielding =
        new RelationReconciler(
            courses,
            new Students(),
            (c, s) -> settledAt.get(),
            log,
            new DutyCycle(1, () -> 0, rests::add, () -> ++askedBehind[0] <= 3));

    Reconciliation found = yielding.run(() -> true);

    assertThat(found.courses()).isEqualTo(1);
    assertThat(rests)
        .as("three looks at a backlog before the first page, none after it cleared")
        .containsExactly(
            DutyCycle.BEHIND_RECHECK.toNanos(),
            DutyCycle.BEHIND_RECHECK.toNanos(),
            DutyCycle.BEHIND_RECHECK.toNanos());
    assertThat(found.yielded()).isEqualTo(DutyCycle.BEHIND_RECHECK.multipliedBy(3));
    assertThat(askedBehind[0]).as("asked again before the students' page").isEqualTo(5);
  }

  private static void isRepairAdd(EnrollmentChange change, CourseId course, StudentId student) {
    assertThat(change.kind()).isEqualTo(EnrollmentChange.Kind.ADD);
    assertThat(change.courseId()).isEqualTo(course.value());
    assertThat(change.studentId()).isEqualTo(student.toString());
    assertThat(change.operationId()).isEmpty();
    assertThat(change.reason()).startsWith("reconciliation:");
  }

  private CourseId courseHolding(StudentId... students) {
    Course course = course("Algebra");
    courses.insert(course, 1);
    for (StudentId student : students) {
      courses.add(course.id(), student, 60);
    }
    return course.id();
  }

  private void student(StudentId id, CourseId... held) {
    students.put(
        id,
        new EnrolledStudent(
            id.toString(),
            "ada",
            "Ada",
            "Lovelace",
            java.util.Arrays.stream(held).map(CourseId::value).toList()));
  }

  /** The students' stored half, as the students service would answer it. */
  private final class Students implements StoredStudents {
    @Override
    public Page<EnrolledStudent> page(Optional<String> cursor) {
      return Page.last(List.copyOf(students.values()));
    }

    @Override
    public List<EnrolledStudent> of(List<StudentId> ids) {
      return ids.stream().filter(students::containsKey).map(students::get).toList();
    }
  }
}
