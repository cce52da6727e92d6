package dev.nis.courses.adapter.out.mongo;

import static dev.nis.courses.testing.CourseFixtures.aCourse;
import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import dev.nis.common.application.port.out.EnrollmentStatus;
import dev.nis.common.application.port.out.WriteStatus;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseEnrollment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every read and write of one course goes through the {@code _id} index of the embedded server (in
 * memory and on disk), whatever the collection holds: proved by the server's count of queries that
 * read the whole collection, which none of them moves.
 */
class MongoCourseRepositoryByKeyIT {
  private static final String DATABASE = "bykey";
  private static final int OTHER_COURSES = 5_000;
  private static final int CAP = 2;

  /** MongoDB's order of ObjectIds: their 12 bytes, unsigned, which their hex spelling keeps. */
  private static final Comparator<CourseId> ID_ORDER = Comparator.comparing(CourseId::value);

  enum Embedded {
    IN_MEMORY(dir -> InProcessMongo.start()),
    ON_DISK(InProcessMongo::onDisk);

    private final Function<Path, InProcessMongo> start;

    Embedded(Function<Path, InProcessMongo> start) {
      this.start = start;
    }
  }

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Embedded.class)
  void everyReadAndWriteOfOneCourse_goesByKey(Embedded embedded) {
    try (InProcessMongo server = embedded.start.apply(dir);
        MongoClient client = MongoConnector.connect(server.connectionString())) {
      MongoCourseRepository repository = indexedRepository(client);
      IntStream.range(0, OTHER_COURSES).forEach(i -> repository.insert(aCourse().build(), 1));
      Course course = aCourse().build();
      CourseId id = course.id();
      StudentId ada = aStudent();
      StudentId bob = aStudent();
      StudentId eve = aStudent();
      long scans = scans(server);

      assertThat(repository.insert(course, 10)).isEqualTo(WriteStatus.WRITTEN);
      assertThat(repository.insert(course, 10)).isEqualTo(WriteStatus.ALREADY_APPLIED);
      assertThat(repository.findById(id)).contains(course);
      assertThat(repository.replace(aCourse().withId(id).named("Topology").build(), 11))
          .isEqualTo(WriteStatus.WRITTEN);
      assertThat(repository.replace(course, 11)).isEqualTo(WriteStatus.ALREADY_APPLIED);
      assertThat(repository.add(id, ada, CAP)).isEqualTo(EnrollmentStatus.CHANGED);
      assertThat(repository.add(id, ada, CAP)).isEqualTo(EnrollmentStatus.UNCHANGED);
      assertThat(repository.add(id, bob, CAP)).isEqualTo(EnrollmentStatus.CHANGED);
      assertThat(repository.add(id, eve, CAP)).isEqualTo(EnrollmentStatus.FULL);
      assertThat(repository.remove(id, bob)).isEqualTo(EnrollmentStatus.CHANGED);
      assertThat(repository.remove(id, bob)).isEqualTo(EnrollmentStatus.UNCHANGED);
      assertThat(repository.delete(id, 12)).isEqualTo(WriteStatus.WRITTEN);
      assertThat(repository.delete(id, 12)).isEqualTo(WriteStatus.ALREADY_APPLIED);
      assertThat(repository.findById(id)).isEmpty();
      assertThat(repository.relatedOfDeleted(id)).containsExactly(ada);
      assertThat(repository.add(id, bob, CAP)).isEqualTo(EnrollmentStatus.MISSING);

      assertThat(scans(server)).as("queries that read the whole collection").isEqualTo(scans);
    }
  }

  /**
   * The count moves when a query does read everything, so the test above is not vacuous: the
   * students' courses always, and a page in memory (that backend keeps no key order).
   */
  @ParameterizedTest
  @EnumSource(Embedded.class)
  void theQueriesNotByKey_readTheWholeCollection_butAPageOnDisk(Embedded embedded) {
    try (InProcessMongo server = embedded.start.apply(dir);
        MongoClient client = MongoConnector.connect(server.connectionString())) {
      MongoCourseRepository repository = indexedRepository(client);
      List.of(aCourse().build(), aCourse().build()).forEach(c -> repository.insert(c, 1));
      long scans = scans(server);

      repository.findPage(PageRequest.first(10));
      repository.findHolding(aStudent());

      assertThat(scans(server) - scans).isEqualTo(embedded == Embedded.ON_DISK ? 1 : 2);
    }
  }

  /**
   * Paging walks the keys on disk (reconciliation reads every course a page at a time): the pages
   * hold every live course once, in id order, and none of them reads the whole collection.
   */
  @ParameterizedTest
  @EnumSource(Embedded.class)
  void pagingThroughEveryCourse_returnsEachLiveCourseOnceInIdOrder(Embedded embedded) {
    try (InProcessMongo server = embedded.start.apply(dir);
        MongoClient client = MongoConnector.connect(server.connectionString())) {
      MongoCourseRepository repository = indexedRepository(client);
      List<CourseId> live = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        Course course = aCourse().build();
        repository.insert(course, 1);
        if (i % 7 == 3) {
          repository.delete(course.id(), 2);
        } else {
          live.add(course.id());
        }
      }
      long scans = scans(server);

      List<CourseId> paged = new ArrayList<>();
      PageRequest page = PageRequest.first(40);
      while (true) {
        List<Course> read = repository.findPage(page);
        read.stream().limit(40).forEach(c -> paged.add(c.id()));
        if (read.size() <= 40) {
          break;
        }
        page = new PageRequest(40, Optional.of(read.get(39).id().value()));
      }

      assertThat(paged).containsExactlyElementsOf(live.stream().sorted(ID_ORDER).toList());
      if (embedded == Embedded.ON_DISK) {
        assertThat(scans(server)).as("queries that read the whole collection").isEqualTo(scans);
      }
    }
  }

  /**
   * The reconciliation's read of every course, as its enrollments only: the same pages, each live
   * course once in id order with the students it holds, and on disk no whole-collection query.
   */
  @ParameterizedTest
  @EnumSource(Embedded.class)
  void pagingThroughEveryCoursesEnrollments_returnsEachLiveCourseOnceWithItsStudents(
      Embedded embedded) {
    try (InProcessMongo server = embedded.start.apply(dir);
        MongoClient client = MongoConnector.connect(server.connectionString())) {
      MongoCourseRepository repository = indexedRepository(client);
      Map<CourseId, List<StudentId>> live = new TreeMap<>(ID_ORDER);
      for (int i = 0; i < 250; i++) {
        Course course = aCourse().build();
        repository.insert(course, 1);
        List<StudentId> held = i % 5 == 0 ? List.of(aStudent(), aStudent()) : List.of();
        held.forEach(student -> repository.add(course.id(), student, CAP));
        if (i % 7 == 3) {
          repository.delete(course.id(), 2);
        } else {
          live.put(course.id(), held);
        }
      }
      long scans = scans(server);

      Map<CourseId, List<StudentId>> paged = new LinkedHashMap<>();
      PageRequest page = PageRequest.first(40);
      while (true) {
        List<CourseEnrollment> read = repository.findEnrollmentPage(page);
        read.stream().limit(40).forEach(c -> paged.put(c.id(), c.studentIds()));
        if (read.size() <= 40) {
          break;
        }
        page = new PageRequest(40, Optional.of(read.get(39).id().value()));
      }

      assertThat(paged).containsExactlyEntriesOf(live);
      if (embedded == Embedded.ON_DISK) {
        assertThat(scans(server)).as("queries that read the whole collection").isEqualTo(scans);
      }
    }
  }

  private static MongoCourseRepository indexedRepository(MongoClient client) {
    MongoCourseRepository repository = new MongoCourseRepository(client.getDatabase(DATABASE));
    repository.ensureIndexes();
    return repository;
  }

  private static long scans(InProcessMongo server) {
    return server.collectionScans(DATABASE, MongoCourseRepository.COLLECTION);
  }
}
