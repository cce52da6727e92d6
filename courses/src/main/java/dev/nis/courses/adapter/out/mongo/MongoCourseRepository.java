package dev.nis.courses.adapter.out.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.ne;
import static dev.nis.courses.adapter.out.mongo.CourseDocumentMapper.APPLIED_SEQ;
import static dev.nis.courses.adapter.out.mongo.CourseDocumentMapper.COURSE_FIELDS;
import static dev.nis.courses.adapter.out.mongo.CourseDocumentMapper.DELETED;
import static dev.nis.courses.adapter.out.mongo.CourseDocumentMapper.ID;
import static dev.nis.courses.adapter.out.mongo.CourseDocumentMapper.STUDENT_IDS;
import static dev.nis.courses.adapter.out.mongo.CourseDocumentMapper.objectId;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.EnrollmentStatus;
import dev.nis.common.application.port.out.WriteStatus;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.courses.application.port.out.CourseRepository;
import dev.nis.courses.domain.Course;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Courses in the MongoDB collection "courses". Every document remembers the command stream sequence
 * that last wrote it ({@code applied_seq}); writes only pass when their sequence is newer, and a
 * delete leaves a tombstone ({@code deleted: true}) that keeps the sequence, so a redelivered
 * command is recognised as already applied. Reads never see tombstones.
 *
 * <p>Every read or write of one course goes by key: its filter is one flat document led by the
 * {@code _id} ({@code {_id: x, deleted: {$ne: true}, applied_seq: {$lt: s}}}), which MongoDB serves
 * from the {@code _id} index, and so does the embedded server (see {@link KeyLookup};
 * mongo-java-server by itself scans for anything but {@code {_id: x}}). The conditions stay in the
 * filter of the one update: that is what makes the sequence guards and the cap atomic.
 */
public final class MongoCourseRepository implements CourseRepository {
  static final String COLLECTION = "courses";
  private static final Bson LIVE = ne(DELETED, true);
  private static final Bson ID_ORDER = Sorts.ascending(ID);

  private final MongoCollection<Document> courses;

  public MongoCourseRepository(MongoDatabase database) {
    this.courses = database.getCollection(COLLECTION);
  }

  /** Creates the indexes reads rely on; idempotent, called once at start-up by the wiring. */
  public void ensureIndexes() {
    guarded(
        () -> {
          courses.createIndex(Indexes.ascending(STUDENT_IDS));
          courses.createIndex(Indexes.ascending(DELETED));
          return null;
        });
  }

  @Override
  public Optional<Course> findById(CourseId id) {
    return guarded(() -> Optional.ofNullable(courses.find(live(id)).first()))
        .map(CourseDocumentMapper::toCourse);
  }

  @Override
  public List<Course> findPage(PageRequest page) {
    Bson filter = page.afterId().map(after -> and(LIVE, gt(ID, cursorId(after)))).orElse(LIVE);
    return guarded(
            () ->
                courses.find(filter).sort(ID_ORDER).limit(page.limit() + 1).into(new ArrayList<>()))
        .stream()
        .map(CourseDocumentMapper::toCourse)
        .toList();
  }

  @Override
  public List<Course> findHolding(StudentId studentId) {
    Bson filter = and(LIVE, eq(STUDENT_IDS, CourseDocumentMapper.studentId(studentId)));
    return guarded(() -> courses.find(filter).sort(ID_ORDER).into(new ArrayList<>())).stream()
        .map(CourseDocumentMapper::toCourse)
        .toList();
  }

  /** Course ids are fresh, so a document already holding the id was inserted by this command. */
  @Override
  public WriteStatus insert(Course course, long sequence) {
    return guarded(
        () -> {
          try {
            courses.insertOne(CourseDocumentMapper.toDocument(course, sequence));
            return WriteStatus.WRITTEN;
          } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
              return WriteStatus.ALREADY_APPLIED;
            }
            throw e;
          }
        });
  }

  @Override
  public WriteStatus replace(Course course, long sequence) {
    Bson update =
        new Document("$set", CourseDocumentMapper.toFieldUpdate(course.fields(), sequence));
    return guarded(
        () -> {
          if (courses.updateOne(writable(course.id(), sequence), update).getMatchedCount() == 1) {
            return WriteStatus.WRITTEN;
          }
          Document current = courses.find(course(course.id())).first();
          if (current == null || appliedSeq(current) < sequence) {
            return WriteStatus.MISSING;
          }
          return appliedSeq(current) == sequence
              ? WriteStatus.ALREADY_APPLIED
              : WriteStatus.SUPERSEDED;
        });
  }

  @Override
  public WriteStatus delete(CourseId id, long sequence) {
    List<Bson> tombstone = new ArrayList<>();
    tombstone.add(Updates.set(DELETED, true));
    tombstone.add(Updates.set(APPLIED_SEQ, sequence));
    COURSE_FIELDS.stream()
        .filter(field -> !field.equals(STUDENT_IDS))
        .forEach(field -> tombstone.add(Updates.unset(field)));
    return guarded(
        () -> {
          if (courses
                  .updateOne(writable(id, sequence), Updates.combine(tombstone))
                  .getMatchedCount()
              == 1) {
            return WriteStatus.WRITTEN;
          }
          Document current = courses.find(course(id)).first();
          return current != null
                  && current.getBoolean(DELETED, false)
                  && appliedSeq(current) == sequence
              ? WriteStatus.ALREADY_APPLIED
              : WriteStatus.MISSING;
        });
  }

  @Override
  public EnrollmentStatus add(CourseId id, StudentId studentId, int cap) {
    String student = CourseDocumentMapper.studentId(studentId);
    Document filter =
        live(id)
            .append(STUDENT_IDS, new Document("$ne", student))
            .append(STUDENT_IDS + "." + (cap - 1), new Document("$exists", false));
    Bson update = Updates.push(STUDENT_IDS, student);
    return guarded(
        () -> {
          if (courses.updateOne(filter, update).getMatchedCount() == 1) {
            return EnrollmentStatus.CHANGED;
          }
          Document current = courses.find(live(id)).first();
          if (current == null) {
            return EnrollmentStatus.MISSING;
          }
          List<String> students = current.getList(STUDENT_IDS, String.class, List.of());
          return students.contains(student) ? EnrollmentStatus.UNCHANGED : EnrollmentStatus.FULL;
        });
  }

  @Override
  public EnrollmentStatus remove(CourseId id, StudentId studentId) {
    String student = CourseDocumentMapper.studentId(studentId);
    Document filter = live(id).append(STUDENT_IDS, student);
    Bson update = Updates.pull(STUDENT_IDS, student);
    return guarded(
        () ->
            courses.updateOne(filter, update).getMatchedCount() == 1
                ? EnrollmentStatus.CHANGED
                : EnrollmentStatus.UNCHANGED);
  }

  @Override
  public List<StudentId> relatedOfDeleted(CourseId id) {
    return guarded(() -> Optional.ofNullable(courses.find(course(id)).first()))
        .filter(doc -> doc.getBoolean(DELETED, false))
        .map(
            doc ->
                doc.getList(STUDENT_IDS, String.class, List.of()).stream()
                    .map(s -> StudentId.parse(STUDENT_IDS, s))
                    .toList())
        .orElse(List.of());
  }

  /** The course with this id, tombstone or not. */
  private static Document course(CourseId id) {
    return new Document(ID, objectId(id));
  }

  private static Document live(CourseId id) {
    return course(id).append(DELETED, new Document("$ne", true));
  }

  /** A live course that no command at or after this sequence has written yet. */
  private static Document writable(CourseId id, long sequence) {
    return live(id).append(APPLIED_SEQ, new Document("$lt", sequence));
  }

  private static long appliedSeq(Document document) {
    Number seq = document.get(APPLIED_SEQ, Number.class);
    return seq == null ? Long.MIN_VALUE : seq.longValue();
  }

  private static ObjectId cursorId(String afterId) {
    if (!ObjectId.isValid(afterId)) {
      throw new ValidationException("cursor", "is not a cursor this service issued");
    }
    return new ObjectId(afterId);
  }

  private static <T> T guarded(Supplier<T> call) {
    try {
      return call.get();
    } catch (MongoException e) {
      throw new DependencyUnavailableException("mongodb", e);
    }
  }
}
