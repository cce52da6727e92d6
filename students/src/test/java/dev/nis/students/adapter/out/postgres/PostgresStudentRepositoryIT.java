package dev.nis.students.adapter.out.postgres;

import static dev.nis.students.adapter.out.postgres.jooq.Tables.STUDENTS;
import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.aStudent;
import static dev.nis.students.testing.StudentFixtures.ada;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.nis.common.application.port.out.EnrollmentStatus;
import dev.nis.common.application.port.out.EntityStore;
import dev.nis.common.application.port.out.WriteStatus;
import dev.nis.common.contract.SequenceGuardedStoreContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.students.adapter.out.postgres.jooq.tables.records.StudentsRecord;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.testing.StudentFixtures;
import dev.nis.students.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared store scenarios against PostgreSQL, over {@link PostgresStudentRepository}, and what
 * only students have: the order of course_ids and one live student per full name.
 */
class PostgresStudentRepositoryIT
    extends SequenceGuardedStoreContract<Student, StudentId, CourseId> {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private PostgresStudentRepository repository;

  PostgresStudentRepositoryIT() {
    super(
        StudentFixtures.STUDENTS,
        "postgresql",
        "not-a-uuid",
        EnrollmentStatus.FULL,
        EnrollmentStatus.MISSING);
  }

  @Override
  protected EntityStore<Student, StudentId, CourseId> emptyStore() {
    postgres.sql().deleteFrom(STUDENTS).execute();
    repository = new PostgresStudentRepository(postgres.sql());
    return repository;
  }

  @Override
  protected Row row(StudentId id) {
    StudentsRecord row = record(id);
    return new Row(row.getAppliedSeq(), row.getDeleted(), row.getName() != null);
  }

  @Override
  protected long rowCount() {
    return postgres.sql().fetchCount(STUDENTS);
  }

  @Override
  protected void assertTombstoneKeepsOnlyWhatItMust(StudentId id) {
    StudentsRecord tombstone = record(id);
    assertThat(tombstone.getName()).isNull();
    assertThat(tombstone.getFirstName()).isNull();
    assertThat(tombstone.getLastName()).isNull();
  }

  @Override
  protected boolean holdersComeInIdOrder() {
    return true;
  }

  @Override
  protected void onAnUnreachableStore(StoreScenario<Student, StudentId, CourseId> scenario) {
    PostgresSettings down = TestPostgres.unreachable(2);
    try (HikariDataSource pool = PostgresConnector.pool(down)) {
      scenario.run(new PostgresStudentRepository(PostgresConnector.jooq(pool)));
    }
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
  void insert_ofALiveStudentsFullName_isDuplicate_andStoresNothing() {
    Student ada = ada();
    repository.insert(ada, 1);
    Student namesake = aStudent().named("adal").inCourses(aCourse()).build();

    assertThat(repository.insert(namesake, 2)).isEqualTo(WriteStatus.DUPLICATE);

    assertThat(repository.findById(namesake.id())).isEmpty();
    assertThat(postgres.sql().fetchCount(STUDENTS)).isEqualTo(1);
  }

  /** Namesakes created at once may share one batched insert: still only one of them is stored. */
  @Test
  void namesakesInsertedAtOnce_oneIsWritten_theOthersAreDuplicates() throws Exception {
    List<Callable<WriteStatus>> inserts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Student namesake = ada();
      long sequence = 10 + i;
      inserts.add(() -> repository.insert(namesake, sequence));
    }

    List<WriteStatus> statuses = new ArrayList<>();
    try (ExecutorService partitions = Executors.newFixedThreadPool(24)) {
      for (Future<WriteStatus> status : partitions.invokeAll(inserts)) {
        statuses.add(status.get());
      }
    }

    assertThat(statuses).containsOnlyOnce(WriteStatus.WRITTEN);
    assertThat(statuses)
        .filteredOn(s -> s != WriteStatus.WRITTEN)
        .containsOnly(WriteStatus.DUPLICATE);
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

  /**
   * Name checks asked at once may share one query: each still gets the live holder of its own full
   * name, and none where only some of the three names match.
   */
  @Test
  void nameChecksAskedAtOnce_eachGetsTheHolderOfItsOwnFullName() throws Exception {
    List<Student> stored = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Student student = aStudent().named("holder" + i).called("First" + i, "Last" + i).build();
      repository.insert(student, 1);
      stored.add(student);
    }
    List<Callable<Optional<Student>>> checks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      StudentFields own = stored.get(i).fields();
      StudentFields otherLastName =
          aStudent().named("holder" + i).called("First" + i, "Other" + i).build().fields();
      checks.add(() -> repository.findByFullName(own));
      checks.add(() -> repository.findByFullName(otherLastName));
    }

    List<Optional<Student>> found = new ArrayList<>();
    try (ExecutorService accepts = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Optional<Student>> check : accepts.invokeAll(checks)) {
        found.add(check.get());
      }
    }

    for (int i = 0; i < 12; i++) {
      assertThat(found.get(2 * i)).contains(stored.get(i));
      assertThat(found.get(2 * i + 1)).isEmpty();
    }
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
    assertThat(record(ada.id()).getAppliedSeq()).isEqualTo(1L);
  }

  private static StudentsRecord record(StudentId id) {
    return postgres.sql().selectFrom(STUDENTS).where(STUDENTS.ID.eq(id.value())).fetchSingle();
  }
}
