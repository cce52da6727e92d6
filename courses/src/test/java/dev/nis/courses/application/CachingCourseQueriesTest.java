package dev.nis.courses.application;

import static dev.nis.courses.testing.CourseFixtures.algebraFields;
import static dev.nis.courses.testing.CourseFixtures.historyFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.CachedQueries;
import dev.nis.common.application.CommandApplier;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.InMemoryOperationLog;
import dev.nis.common.testing.InMemoryReadCache;
import dev.nis.common.testing.RecordingCommandQueue;
import dev.nis.common.testing.RecordingEnrollmentLog;
import dev.nis.common.testing.TestDelivery;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingCourseQueriesTest {
  private final InMemoryOperationLog operations = new InMemoryOperationLog();
  private final InMemoryCourseRepository repository = new InMemoryCourseRepository();
  private final CoreCourseService core =
      new CoreCourseService(
          repository,
          new RecordingCommandQueue<>(),
          operations,
          id -> List.of(),
          new RecordingEnrollmentLog());
  private final InMemoryReadCache<Course, CourseId, StudentId> cache = new InMemoryReadCache<>();
  private final AtomicInteger databaseReads = new AtomicInteger();
  private Runnable duringDatabaseRead = () -> {};
  private final CourseQueries caching =
      CachedQueries.port(CourseQueries.class, new CountingReads(), cache);
  private final CommandApplier<CourseCommand, CourseId, StudentId> applier =
      new CommandApplier<>(core, cache, operations);

  /** Applies a command as the queue consumer does: store, invalidate, record, ack. */
  private void apply(CourseCommand command, long sequence) {
    applier.apply(TestDelivery.of(command, sequence));
  }

  private Course stored() {
    CourseCommand.Create create = CourseCommand.create(algebraFields());
    apply(create, 1);
    return caching.getCourse(create.courseId()).orElseThrow();
  }

  @Test
  void secondRead_isServedFromTheCache() {
    Course course = stored();
    databaseReads.set(0);

    assertThat(caching.getCourse(course.id())).contains(course);
    assertThat(databaseReads.get()).isZero();
  }

  @Test
  void appliedChange_isVisibleAtOnceThroughTheCache() {
    Course course = stored();
    caching.listCourses(PageRequest.first(10));

    apply(CourseCommand.update(course.id(), historyFields()), 2);

    assertThat(caching.getCourse(course.id()).orElseThrow().fields()).isEqualTo(historyFields());
    assertThat(caching.listCourses(PageRequest.first(10)).items().getFirst().fields())
        .isEqualTo(historyFields());
  }

  @Test
  void slowReaderRacingAnInvalidation_doesNotFillTheCacheWithTheOldState() {
    Course course = stored();
    cache.values.clear();
    duringDatabaseRead =
        () -> {
          duringDatabaseRead = () -> {};
          apply(CourseCommand.update(course.id(), historyFields()), 2);
        };

    Optional<Course> raced = caching.getCourse(course.id());

    assertThat(raced.orElseThrow().fields()).isEqualTo(algebraFields());
    assertThat(caching.getCourse(course.id()).orElseThrow().fields()).isEqualTo(historyFields());
  }

  @Test
  void cacheDown_readsComeFromTheDatabase() {
    Course course = stored();
    cache.down = true;

    assertThat(caching.getCourse(course.id())).contains(course);
    assertThat(caching.listCourses(PageRequest.first(5)).items()).containsExactly(course);
  }

  @Test
  void cacheDown_anApplyIsNotReportedDone() {
    Course course = stored();
    cache.down = true;

    assertThatThrownBy(() -> apply(CourseCommand.update(course.id(), historyFields()), 2))
        .isInstanceOf(DependencyUnavailableException.class);
  }

  /** The core, counting database reads and letting a test act in the middle of one. */
  private final class CountingReads implements CourseQueries {
    @Override
    public Optional<Course> getCourse(CourseId id) {
      databaseReads.incrementAndGet();
      Optional<Course> course = core.getCourse(id);
      duringDatabaseRead.run();
      return course;
    }

    @Override
    public Page<Course> listCourses(PageRequest page) {
      databaseReads.incrementAndGet();
      return core.listCourses(page);
    }

    @Override
    public List<Course> listCoursesByStudent(StudentId studentId) {
      databaseReads.incrementAndGet();
      return core.listCoursesByStudent(studentId);
    }

    @Override
    public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
      return core.studentsOfCourse(id);
    }
  }
}
