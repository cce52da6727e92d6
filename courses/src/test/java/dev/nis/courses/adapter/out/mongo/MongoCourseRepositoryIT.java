package dev.nis.courses.adapter.out.mongo;

import static dev.nis.courses.testing.CourseFixtures.aCourse;
import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static dev.nis.courses.testing.CourseFixtures.algebra;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.courses.application.port.out.EnrollmentStatus;
import dev.nis.courses.application.port.out.WriteStatus;
import dev.nis.courses.domain.Course;
import dev.nis.courses.testing.TestMongo;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoCourseRepositoryIT {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private MongoCollection<Document> collection;
  private MongoCourseRepository repository;

  @BeforeEach
  void emptyCollection() {
    collection = mongo.database().getCollection(MongoCourseRepository.COLLECTION);
    collection.drop();
    repository = new MongoCourseRepository(mongo.database());
    repository.ensureIndexes();
  }

  @Test
  void insertedCourse_isReadBack() {
    Course course = aCourse().withStudents(aStudent(), aStudent()).build();

    assertThat(repository.insert(course, 1)).isEqualTo(WriteStatus.WRITTEN);

    assertThat(repository.findById(course.id())).contains(course);
    assertThat(rawDocument(course.id()))
        .containsEntry("applied_seq", 1L)
        .containsEntry("deleted", false);
  }

  @Test
  void redeliveredInsert_isAlreadyApplied_andChangesNothing() {
    Course course = algebra();
    repository.insert(course, 7);
    Course sameIdOtherFields = aCourse().withId(course.id()).named("Changed").build();

    assertThat(repository.insert(sameIdOtherFields, 7)).isEqualTo(WriteStatus.ALREADY_APPLIED);

    assertThat(repository.findById(course.id())).contains(course);
  }

  @Test
  void redeliveredInsert_ofACourseDeletedSince_isAlreadyApplied() {
    Course course = algebra();
    repository.insert(course, 3);
    repository.delete(course.id(), 4);

    assertThat(repository.insert(course, 3)).isEqualTo(WriteStatus.ALREADY_APPLIED);

    assertThat(repository.findById(course.id())).isEmpty();
  }

  @Test
  void replace_ofALiveCourse_isWritten() {
    Course course = algebra();
    repository.insert(course, 1);
    StudentId student = aStudent();
    Course changed =
        aCourse().withId(course.id()).named("Linear algebra").withStudents(student).build();

    assertThat(repository.replace(changed, 2)).isEqualTo(WriteStatus.WRITTEN);

    assertThat(repository.findById(course.id()))
        .as("the students change only through the enrollment log")
        .contains(new Course(course.id(), changed.fields().withoutStudents()));
    assertThat(rawDocument(course.id())).containsEntry("applied_seq", 2L);
  }

  @Test
  void redeliveredReplace_isAlreadyApplied_andChangesNothing() {
    Course course = algebra();
    repository.insert(course, 1);
    Course changed = aCourse().withId(course.id()).named("Changed once").build();
    repository.replace(changed, 2);
    Course other = aCourse().withId(course.id()).named("Changed twice").build();

    assertThat(repository.replace(other, 2)).isEqualTo(WriteStatus.ALREADY_APPLIED);
    assertThat(repository.replace(other, 1)).isEqualTo(WriteStatus.SUPERSEDED);

    assertThat(repository.findById(course.id())).contains(changed);
    assertThat(rawDocument(course.id())).containsEntry("applied_seq", 2L);
  }

  @Test
  void replace_ofAnUnknownCourse_isMissing() {
    assertThat(repository.replace(algebra(), 5)).isEqualTo(WriteStatus.MISSING);

    assertThat(collection.countDocuments()).isZero();
  }

  @Test
  void replace_ofADeletedCourse_isMissing_andLeavesTheTombstone() {
    Course course = algebra();
    repository.insert(course, 1);
    repository.delete(course.id(), 2);

    assertThat(repository.replace(course, 3)).isEqualTo(WriteStatus.MISSING);

    assertThat(repository.findById(course.id())).isEmpty();
    assertThat(rawDocument(course.id()))
        .containsEntry("deleted", true)
        .containsEntry("applied_seq", 2L)
        .doesNotContainKey("name");
  }

  @Test
  void addStudent_enrollsUntilTheCap_thenReportsTheCourseFull() {
    Course course = algebra();
    repository.insert(course, 1);
    StudentId first = aStudent();
    StudentId second = aStudent();

    assertThat(repository.addStudent(course.id(), first, 10, 1))
        .isEqualTo(EnrollmentStatus.CHANGED);
    assertThat(repository.addStudent(course.id(), second, 11, 1))
        .isEqualTo(EnrollmentStatus.COURSE_FULL);
    assertThat(repository.addStudent(course.id(), first, 12, 1))
        .isEqualTo(EnrollmentStatus.UNCHANGED);

    assertThat(repository.findById(course.id()).orElseThrow().studentIds()).containsExactly(first);
  }

  @Test
  void addStudent_toAMissingOrDeletedCourse_reportsItMissing() {
    Course course = algebra();
    repository.insert(course, 1);
    repository.delete(course.id(), 2);

    assertThat(repository.addStudent(course.id(), aStudent(), 10, 60))
        .isEqualTo(EnrollmentStatus.COURSE_MISSING);
    assertThat(repository.addStudent(algebra().id(), aStudent(), 11, 60))
        .isEqualTo(EnrollmentStatus.COURSE_MISSING);
  }

  @Test
  void redeliveredLogEntry_changesNothing() {
    Course course = algebra();
    repository.insert(course, 1);
    StudentId student = aStudent();
    repository.addStudent(course.id(), student, 10, 60);
    assertThat(repository.removeStudent(course.id(), student, 11))
        .isEqualTo(EnrollmentStatus.CHANGED);

    assertThat(repository.addStudent(course.id(), student, 10, 60))
        .isEqualTo(EnrollmentStatus.UNCHANGED);
    assertThat(repository.findById(course.id()).orElseThrow().studentIds()).isEmpty();
  }

  @Test
  void replace_keepsTheStudentsTheLogEnrolled() {
    Course course = algebra();
    repository.insert(course, 1);
    StudentId student = aStudent();
    repository.addStudent(course.id(), student, 10, 60);

    repository.replace(aCourse().withId(course.id()).named("Renamed").build(), 2);

    Course read = repository.findById(course.id()).orElseThrow();
    assertThat(read.fields().name()).isEqualTo("Renamed");
    assertThat(read.studentIds()).containsExactly(student);
  }

  @Test
  void delete_turnsTheCourseIntoATombstone() {
    Course course = aCourse().withStudents(aStudent()).build();
    repository.insert(course, 1);

    assertThat(repository.delete(course.id(), 2)).isEqualTo(WriteStatus.WRITTEN);

    assertThat(rawDocument(course.id()))
        .as("a tombstone keeps only its id, sequence and the students it had")
        .containsOnlyKeys("_id", "deleted", "applied_seq", "student_ids")
        .containsEntry("deleted", true)
        .containsEntry("applied_seq", 2L);
    assertThat(repository.studentsOfDeleted(course.id())).isEqualTo(course.studentIds());
  }

  @Test
  void redeliveredDelete_isAlreadyApplied() {
    Course course = algebra();
    repository.insert(course, 1);
    repository.delete(course.id(), 2);

    assertThat(repository.delete(course.id(), 2)).isEqualTo(WriteStatus.ALREADY_APPLIED);

    assertThat(rawDocument(course.id())).containsEntry("applied_seq", 2L);
  }

  @Test
  void delete_ofACourseAnEarlierCommandDeleted_isMissing() {
    Course course = algebra();
    repository.insert(course, 1);
    repository.delete(course.id(), 2);

    assertThat(repository.delete(course.id(), 3)).isEqualTo(WriteStatus.MISSING);

    assertThat(rawDocument(course.id())).containsEntry("applied_seq", 2L);
  }

  @Test
  void delete_ofAnUnknownCourse_isMissing() {
    assertThat(repository.delete(CourseId.next(), 1)).isEqualTo(WriteStatus.MISSING);
  }

  @Test
  void tombstones_areInvisibleToEveryRead() {
    StudentId student = aStudent();
    Course kept = aCourse().withStudents(student).build();
    Course deleted = aCourse().withStudents(student).build();
    repository.insert(kept, 1);
    repository.insert(deleted, 2);
    repository.delete(deleted.id(), 3);

    assertThat(repository.findById(deleted.id())).isEmpty();
    assertThat(repository.findPage(PageRequest.first(10))).containsExactly(kept);
    assertThat(repository.findByStudent(student)).containsExactly(kept);
  }

  @Test
  void pages_walkEveryCourseInIdOrder_followingTheCursor() {
    List<Course> inserted =
        IntStream.range(0, 7).mapToObj(i -> aCourse().named("Course " + i).build()).toList();
    for (int i = 0; i < inserted.size(); i++) {
      repository.insert(inserted.get(i), i + 1);
    }

    List<Course> walked = new ArrayList<>();
    PageRequest request = PageRequest.first(3);
    int pages = 0;
    while (true) {
      List<Course> lookahead = repository.findPage(request);
      assertThat(lookahead).hasSizeLessThanOrEqualTo(request.limit() + 1);
      Page<Course> page = Page.fromLookahead(lookahead, request.limit(), c -> c.id().value());
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
            inserted.stream().sorted(Comparator.comparing(Course::id)).toList());
  }

  @Test
  void page_afterACursorThatIsNoObjectId_isAValidationError() {
    PageRequest request = new PageRequest(10, Optional.of("not-an-object-id"));

    assertThatThrownBy(() -> repository.findPage(request))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
  }

  @Test
  void findByStudent_returnsTheCoursesHoldingTheStudent() {
    StudentId student = aStudent();
    Course first = aCourse().withStudents(student, aStudent()).build();
    Course second = aCourse().withStudents(aStudent(), student).build();
    repository.insert(first, 1);
    repository.insert(second, 2);
    repository.insert(aCourse().withStudents(aStudent()).build(), 3);

    assertThat(repository.findByStudent(student)).containsExactlyInAnyOrder(first, second);
    assertThat(repository.findByStudent(aStudent())).isEmpty();
  }

  @Test
  void ensureIndexes_isIdempotent() {
    repository.ensureIndexes();

    assertThat(collection.listIndexes().map(index -> index.get("key", Document.class)))
        .contains(new Document("student_ids", 1), new Document("deleted", 1));
  }

  @Test
  void aDatabaseThatIsDown_failsFastAsUnavailable() throws IOException {
    try (MongoClient client = MongoConnector.connect("mongodb://127.0.0.1:" + closedPort())) {
      MongoCourseRepository down = new MongoCourseRepository(client.getDatabase("down"));
      long start = System.nanoTime();

      assertThatThrownBy(() -> down.findById(CourseId.next()))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> assertThat(e.dependency()).isEqualTo("mongodb"));
      assertThatThrownBy(() -> down.insert(algebra(), 1))
          .isInstanceOf(DependencyUnavailableException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }

  private Document rawDocument(CourseId id) {
    return collection.find(new Document("_id", new ObjectId(id.value()))).first();
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
