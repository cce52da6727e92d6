package dev.nis.students.application;

import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.adaFields;
import static dev.nis.students.testing.StudentFixtures.graceFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.CachedQueries;
import dev.nis.common.application.CommandApplier;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.EnrollmentApplier;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.InMemoryOperationLog;
import dev.nis.common.testing.InMemoryReadCache;
import dev.nis.common.testing.RecordingCommandQueue;
import dev.nis.common.testing.RecordingEnrollmentLog;
import dev.nis.common.testing.TestDelivery;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingStudentQueriesTest {
  private final InMemoryOperationLog operations = new InMemoryOperationLog();
  private final InMemoryStudentRepository repository = new InMemoryStudentRepository();
  private final RecordingEnrollmentLog log = new RecordingEnrollmentLog();
  private final CoreStudentService core =
      new CoreStudentService(
          repository, new RecordingCommandQueue<>(), operations, id -> List.of(), log);
  private final InMemoryReadCache<Student, StudentId, CourseId> cache = new InMemoryReadCache<>();
  private final AtomicInteger databaseReads = new AtomicInteger();
  private Runnable duringDatabaseRead = () -> {};
  private final StudentQueries caching =
      CachedQueries.port(StudentQueries.class, new CountingReads(), cache);
  private final CommandApplier<StudentCommand, StudentId, CourseId> applier =
      new CommandApplier<>(core, cache, operations);

  /** Applies a command as the queue consumer does: store, invalidate, record, ack. */
  private void apply(StudentCommand command, long sequence) {
    applier.apply(TestDelivery.of(command, sequence));
  }

  /** Applies the enrollment-log entries appended so far, as the log consumer does. */
  private void applyLog() {
    EnrollmentApplier<StudentId, CourseId> logApplier = new EnrollmentApplier<>(core, cache);
    log.drainInto((change, sequence) -> logApplier.apply(TestDelivery.of(change, sequence)));
  }

  private Student stored(CourseId... courses) {
    StudentCommand.Create create = StudentCommand.create(adaFields(courses));
    apply(create, 1);
    applyLog();
    return caching.getStudent(create.studentId()).orElseThrow();
  }

  @Test
  void secondRead_isServedFromTheCache() {
    Student student = stored();
    databaseReads.set(0);

    assertThat(caching.getStudent(student.id())).contains(student);
    assertThat(databaseReads.get()).isZero();
  }

  @Test
  void appliedChange_isVisibleAtOnceThroughTheCache() {
    CourseId algebra = aCourse();
    Student student = stored(algebra);
    caching.listStudents(PageRequest.first(10));
    assertThat(caching.listStudentsByCourse(algebra)).containsExactly(student);

    apply(StudentCommand.update(student.id(), graceFields()), 2);
    applyLog();

    assertThat(caching.getStudent(student.id()).orElseThrow().fields()).isEqualTo(graceFields());
    assertThat(caching.listStudents(PageRequest.first(10)).items().getFirst().fields())
        .isEqualTo(graceFields());
    assertThat(caching.listStudentsByCourse(algebra)).isEmpty();
  }

  @Test
  void slowReaderRacingAnInvalidation_doesNotFillTheCacheWithTheOldState() {
    Student student = stored();
    cache.values.clear();
    duringDatabaseRead =
        () -> {
          duringDatabaseRead = () -> {};
          apply(StudentCommand.update(student.id(), graceFields()), 2);
        };

    Optional<Student> raced = caching.getStudent(student.id());

    assertThat(raced.orElseThrow().fields()).isEqualTo(adaFields());
    assertThat(caching.getStudent(student.id()).orElseThrow().fields()).isEqualTo(graceFields());
  }

  @Test
  void aRejectedApply_invalidatesNothing() {
    Student student = stored();
    caching.getStudent(student.id());
    long generation = cache.generation.get();

    apply(StudentCommand.update(StudentId.next(), graceFields()), 2);

    assertThat(cache.generation.get()).isEqualTo(generation);
  }

  @Test
  void cacheDown_readsComeFromTheDatabase() {
    Student student = stored();
    cache.down = true;

    assertThat(caching.getStudent(student.id())).contains(student);
    assertThat(caching.listStudents(PageRequest.first(5)).items()).containsExactly(student);
  }

  @Test
  void cacheDown_anApplyIsNotReportedDone() {
    Student student = stored();
    cache.down = true;

    assertThatThrownBy(() -> apply(StudentCommand.update(student.id(), graceFields()), 2))
        .isInstanceOf(DependencyUnavailableException.class);
  }

  /** The core, counting database reads and letting a test act in the middle of one. */
  private final class CountingReads implements StudentQueries {
    @Override
    public Optional<Student> getStudent(StudentId id) {
      databaseReads.incrementAndGet();
      Optional<Student> student = core.getStudent(id);
      duringDatabaseRead.run();
      return student;
    }

    @Override
    public Page<Student> listStudents(PageRequest page) {
      databaseReads.incrementAndGet();
      return core.listStudents(page);
    }

    @Override
    public List<Student> listStudentsByCourse(CourseId courseId) {
      databaseReads.incrementAndGet();
      return core.listStudentsByCourse(courseId);
    }

    @Override
    public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
      return core.coursesOfStudent(id);
    }
  }
}
