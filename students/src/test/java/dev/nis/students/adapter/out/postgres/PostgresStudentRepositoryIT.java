package dev.nis.students.adapter.out.postgres;

import static dev.nis.students.adapter.out.postgres.jooq.Tables.STUDENTS;
import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.aStudent;
import static dev.nis.students.testing.StudentFixtures.ada;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.students.adapter.out.postgres.jooq.tables.records.StudentsRecord;
import dev.nis.students.application.port.out.EnrollmentStatus;
import dev.nis.students.application.port.out.WriteStatus;
import dev.nis.students.domain.Student;
import dev.nis.students.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresStudentRepositoryIT {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private PostgresStudentRepository repository;

  @BeforeEach
  void emptyTable() {
    postgres.sql().deleteFrom(STUDENTS).execute();
    repository = new PostgresStudentRepository(postgres.sql());
  }

  @Test
  void insertedStudent_isReadBack() {
    Student student = aStudent().inCourses(aCourse(), aCourse()).build();

    assertThat(repository.insert(student, 1)).isEqualTo(WriteStatus.WRITTEN);

    assertThat(repository.findById(student.id())).contains(student);
    StudentsRecord row = row(student.id());
    assertThat(row.getAppliedSeq()).isEqualTo(1L);
    assertThat(row.getDeleted()).isFalse();
  }

  @Test
  void courseIds_keepTheirOrder() {
    CourseId first = CourseId.parse("course_ids", "ffffffffffffffffffffffff");
    CourseId second = CourseId.parse("course_ids", "000000000000000000000000");
    Student student = aStudent().inCourses(first, second).build();
    repository.insert(student, 1);

    assertThat(repository.findById(student.id()).orElseThrow().courseIds())
        .containsExactly(first, second);
  }

  @Test
  void redeliveredInsert_isAlreadyApplied_andChangesNothing() {
    Student student = ada();
    repository.insert(student, 7);
    Student sameIdOtherFields = aStudent().withId(student.id()).named("changed").build();

    assertThat(repository.insert(sameIdOtherFields, 7)).isEqualTo(WriteStatus.ALREADY_APPLIED);
    assertThat(repository.insert(student, 7)).isEqualTo(WriteStatus.ALREADY_APPLIED);

    assertThat(repository.findById(student.id())).contains(student);
  }

  @Test
  void redeliveredInsert_ofAStudentDeletedSince_isAlreadyApplied() {
    Student student = ada();
    repository.insert(student, 3);
    repository.delete(student.id(), 4);

    assertThat(repository.insert(student, 3)).isEqualTo(WriteStatus.ALREADY_APPLIED);

    assertThat(repository.findById(student.id())).isEmpty();
  }

  @Test
  void insert_ofALiveStudentsFullName_isDuplicate_andStoresNothing() {
    Student ada = ada();
    repository.insert(ada, 1);
    Student namesake = aStudent().named("adal").inCourses(aCourse()).build();

    assertThat(repository.insert(namesake, 2)).isEqualTo(WriteStatus.DUPLICATE);

    assertThat(repository.findById(namesake.id())).isEmpty();
    assertThat(postgres.sql().fetchCount(STUDENTS)).isEqualTo(1);
  }

  @Test
  void insert_ofADeletedStudentsFullName_isWritten() {
    Student ada = ada();
    repository.insert(ada, 1);
    repository.delete(ada.id(), 2);
    Student again = ada();

    assertThat(repository.insert(again, 3)).isEqualTo(WriteStatus.WRITTEN);
    assertThat(repository.findByFullName(again.fields())).contains(again);
  }

  @Test
  void findByFullName_findsOnlyTheLiveStudentWithAllThreeNames() {
    Student ada = ada();
    repository.insert(ada, 1);

    assertThat(repository.findByFullName(ada.fields())).contains(ada);
    assertThat(repository.findByFullName(aStudent().named("adal").called("Ada", "Byron").fields()))
        .isEmpty();
    repository.delete(ada.id(), 2);
    assertThat(repository.findByFullName(ada.fields())).isEmpty();
  }

  @Test
  void replace_ofALiveStudent_isWritten() {
    Student student = ada();
    repository.insert(student, 1);
    Student changed =
        aStudent().withId(student.id()).named("lovelace").inCourses(aCourse()).build();

    assertThat(repository.replace(changed, 2)).isEqualTo(WriteStatus.WRITTEN);

    assertThat(repository.findById(student.id()))
        .as("the courses change only through the enrollment log")
        .contains(new Student(student.id(), changed.fields().withoutCourses()));
    assertThat(row(student.id()).getAppliedSeq()).isEqualTo(2L);
  }

  @Test
  void replace_keepingItsOwnFullName_isWritten() {
    Student student = ada();
    repository.insert(student, 1);
    Student moreCourses =
        aStudent().withId(student.id()).named("adal").inCourses(aCourse()).build();

    assertThat(repository.replace(moreCourses, 2)).isEqualTo(WriteStatus.WRITTEN);
  }

  @Test
  void replace_takingAnotherLiveStudentsFullName_isDuplicate_andChangesNothing() {
    Student ada = ada();
    Student grace = aStudent().named("ghopper").build();
    repository.insert(ada, 1);
    repository.insert(grace, 2);
    Student adaAsGrace = aStudent().withId(ada.id()).named("ghopper").build();

    assertThat(repository.replace(adaAsGrace, 3)).isEqualTo(WriteStatus.DUPLICATE);

    assertThat(repository.findById(ada.id())).contains(ada);
    assertThat(row(ada.id()).getAppliedSeq()).isEqualTo(1L);
  }

  @Test
  void addCourse_enrollsUntilTheCap_thenReportsTheStudentFull() {
    Student student = ada();
    repository.insert(student, 1);
    CourseId first = aCourse();
    CourseId second = aCourse();

    assertThat(repository.addCourse(student.id(), first, 10, 1))
        .isEqualTo(EnrollmentStatus.CHANGED);
    assertThat(repository.addCourse(student.id(), second, 11, 1))
        .isEqualTo(EnrollmentStatus.STUDENT_FULL);
    assertThat(repository.addCourse(student.id(), first, 12, 1))
        .isEqualTo(EnrollmentStatus.UNCHANGED);

    assertThat(repository.findById(student.id()).orElseThrow().courseIds()).containsExactly(first);
    assertThat(repository.findByCourse(first))
        .extracting(Student::id)
        .containsExactly(student.id());
  }

  @Test
  void addCourse_toAMissingOrDeletedStudent_reportsItMissing() {
    Student student = ada();
    repository.insert(student, 1);
    repository.delete(student.id(), 2);

    assertThat(repository.addCourse(student.id(), aCourse(), 10, 15))
        .isEqualTo(EnrollmentStatus.STUDENT_MISSING);
    assertThat(repository.addCourse(aStudent().build().id(), aCourse(), 11, 15))
        .isEqualTo(EnrollmentStatus.STUDENT_MISSING);
  }

  @Test
  void redeliveredLogEntry_changesNothing() {
    Student student = ada();
    repository.insert(student, 1);
    CourseId course = aCourse();
    repository.addCourse(student.id(), course, 10, 15);
    assertThat(repository.removeCourse(student.id(), course, 11))
        .isEqualTo(EnrollmentStatus.CHANGED);

    assertThat(repository.addCourse(student.id(), course, 10, 15))
        .isEqualTo(EnrollmentStatus.UNCHANGED);
    assertThat(repository.findById(student.id()).orElseThrow().courseIds()).isEmpty();
  }

  @Test
  void replace_keepsTheCoursesTheLogEnrolled() {
    Student student = ada();
    repository.insert(student, 1);
    CourseId course = aCourse();
    repository.addCourse(student.id(), course, 10, 15);

    repository.replace(aStudent().withId(student.id()).named("renamed").build(), 2);

    Student read = repository.findById(student.id()).orElseThrow();
    assertThat(read.fields().name()).isEqualTo("renamed");
    assertThat(read.courseIds()).containsExactly(course);
  }

  @Test
  void redeliveredReplace_isAlreadyApplied_andChangesNothing() {
    Student student = ada();
    repository.insert(student, 1);
    Student changed = aStudent().withId(student.id()).named("changed once").build();
    repository.replace(changed, 2);
    Student other = aStudent().withId(student.id()).named("changed twice").build();

    assertThat(repository.replace(other, 2)).isEqualTo(WriteStatus.ALREADY_APPLIED);
    assertThat(repository.replace(other, 1)).isEqualTo(WriteStatus.SUPERSEDED);

    assertThat(repository.findById(student.id())).contains(changed);
    assertThat(row(student.id()).getAppliedSeq()).isEqualTo(2L);
  }

  @Test
  void replace_ofAnUnknownStudent_isMissing() {
    assertThat(repository.replace(ada(), 5)).isEqualTo(WriteStatus.MISSING);

    assertThat(postgres.sql().fetchCount(STUDENTS)).isZero();
  }

  @Test
  void replace_ofADeletedStudent_isMissing_andLeavesTheTombstone() {
    Student student = ada();
    repository.insert(student, 1);
    repository.delete(student.id(), 2);

    assertThat(repository.replace(student, 3)).isEqualTo(WriteStatus.MISSING);

    assertThat(repository.findById(student.id())).isEmpty();
    StudentsRecord tombstone = row(student.id());
    assertThat(tombstone.getDeleted()).isTrue();
    assertThat(tombstone.getAppliedSeq()).isEqualTo(2L);
    assertThat(tombstone.getName()).isNull();
  }

  @Test
  void delete_turnsTheStudentIntoATombstone() {
    Student student = aStudent().inCourses(aCourse()).build();
    repository.insert(student, 1);

    assertThat(repository.delete(student.id(), 2)).isEqualTo(WriteStatus.WRITTEN);

    StudentsRecord tombstone = row(student.id());
    assertThat(tombstone.getDeleted()).isTrue();
    assertThat(tombstone.getAppliedSeq()).isEqualTo(2L);
    assertThat(tombstone.getName()).isNull();
    assertThat(tombstone.getFirstName()).isNull();
    assertThat(tombstone.getLastName()).isNull();
    assertThat(repository.coursesOfDeleted(student.id()))
        .as("frozen in the tombstone, for the REMOVEs the delete appends")
        .isEqualTo(student.courseIds());
    assertThat(repository.findByCourse(student.courseIds().getFirst())).isEmpty();
  }

  @Test
  void redeliveredDelete_isAlreadyApplied() {
    Student student = ada();
    repository.insert(student, 1);
    repository.delete(student.id(), 2);

    assertThat(repository.delete(student.id(), 2)).isEqualTo(WriteStatus.ALREADY_APPLIED);

    assertThat(row(student.id()).getAppliedSeq()).isEqualTo(2L);
  }

  @Test
  void delete_ofAStudentAnEarlierCommandDeleted_isMissing() {
    Student student = ada();
    repository.insert(student, 1);
    repository.delete(student.id(), 2);

    assertThat(repository.delete(student.id(), 3)).isEqualTo(WriteStatus.MISSING);

    assertThat(row(student.id()).getAppliedSeq()).isEqualTo(2L);
  }

  @Test
  void delete_ofAnUnknownStudent_isMissing() {
    assertThat(repository.delete(StudentId.next(), 1)).isEqualTo(WriteStatus.MISSING);
  }

  @Test
  void tombstones_areInvisibleToEveryRead() {
    CourseId course = aCourse();
    Student kept = aStudent().inCourses(course).build();
    Student deleted = aStudent().inCourses(course).build();
    repository.insert(kept, 1);
    repository.insert(deleted, 2);
    repository.delete(deleted.id(), 3);

    assertThat(repository.findById(deleted.id())).isEmpty();
    assertThat(repository.findPage(PageRequest.first(10))).containsExactly(kept);
    assertThat(repository.findByCourse(course)).containsExactly(kept);
  }

  @Test
  void pages_walkEveryStudentInIdOrder_followingTheCursor() {
    List<Student> inserted =
        IntStream.range(0, 7).mapToObj(i -> aStudent().named("student " + i).build()).toList();
    for (int i = 0; i < inserted.size(); i++) {
      repository.insert(inserted.get(i), i + 1);
    }

    List<Student> walked = new ArrayList<>();
    PageRequest request = PageRequest.first(3);
    int pages = 0;
    while (true) {
      List<Student> lookahead = repository.findPage(request);
      assertThat(lookahead).hasSizeLessThanOrEqualTo(request.limit() + 1);
      Page<Student> page = Page.fromLookahead(lookahead, request.limit(), s -> s.id().toString());
      walked.addAll(page.items());
      pages++;
      if (page.nextCursor().isEmpty()) {
        break;
      }
      request = PageRequest.of(3, page.nextCursor().get());
    }

    assertThat(pages).isEqualTo(3);
    assertThat(walked)
        .containsExactlyElementsOf(
            inserted.stream().sorted(Comparator.comparing(Student::id)).toList());
  }

  @Test
  void page_afterACursorThatIsNoStudentId_isAValidationError() {
    PageRequest request = new PageRequest(10, Optional.of("not-a-uuid"));

    assertThatThrownBy(() -> repository.findPage(request))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
  }

  @Test
  void findByCourse_returnsTheStudentsHoldingTheCourse_inIdOrder() {
    CourseId course = aCourse();
    Student first = aStudent().inCourses(course, aCourse()).build();
    Student second = aStudent().inCourses(aCourse(), course).build();
    repository.insert(first, 1);
    repository.insert(second, 2);
    repository.insert(aStudent().inCourses(aCourse()).build(), 3);

    assertThat(repository.findByCourse(course))
        .containsExactlyElementsOf(
            List.of(first, second).stream().sorted(Comparator.comparing(Student::id)).toList());
    assertThat(repository.findByCourse(aCourse())).isEmpty();
  }

  @Test
  void aDatabaseThatIsDown_failsFastAsUnavailable() throws IOException {
    var down =
        new PostgresSettings(
            "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres", "postgres", "", "nis", 2);
    try (HikariDataSource pool = PostgresConnector.pool(down)) {
      PostgresStudentRepository unreachable =
          new PostgresStudentRepository(PostgresConnector.jooq(pool));
      long start = System.nanoTime();

      assertThatThrownBy(() -> unreachable.findById(StudentId.next()))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> assertThat(e.dependency()).isEqualTo("postgresql"));
      assertThatThrownBy(() -> unreachable.insert(ada(), 1))
          .isInstanceOf(DependencyUnavailableException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }

  private static StudentsRecord row(StudentId id) {
    return postgres.sql().selectFrom(STUDENTS).where(STUDENTS.ID.eq(id.value())).fetchSingle();
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
