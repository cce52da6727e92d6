package dev.nis.courses.adapter.out.mongo;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StoredDataException;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseEnrollment;
import dev.nis.courses.domain.CourseFields;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Maps a course to and from its MongoDB document in the "courses" collection. */
final class CourseDocumentMapper {
  static final String ID = "_id";
  static final String NAME = "name";
  static final String DESCRIPTION = "description";
  static final String DISCIPLINE = "discipline";
  static final String TEACHER = "teacher";
  static final String STUDENT_IDS = "student_ids";

  /**
   * The students the course's own commands asked for ({@code EntityStore#relatedOrRequested});
   * never read back as the course's students, which come only through the log.
   */
  static final String REQUESTED_STUDENT_IDS = "requested_student_ids";

  /** The sequence of the command that last set {@link #REQUESTED_STUDENT_IDS}. */
  static final String REQUESTED_SEQ = "requested_seq";

  static final String APPLIED_SEQ = "applied_seq";
  static final String DELETED = "deleted";

  /** The fields a delete clears from a tombstone. */
  static final List<String> COURSE_FIELDS =
      List.of(
          NAME,
          DESCRIPTION,
          DISCIPLINE,
          TEACHER,
          STUDENT_IDS,
          REQUESTED_STUDENT_IDS,
          REQUESTED_SEQ);

  private CourseDocumentMapper() {}

  /** The whole document of a live course written by the command at {@code sequence}. */
  static Document toDocument(Course course, long sequence) {
    return new Document(ID, objectId(course.id()))
        .append(APPLIED_SEQ, sequence)
        .append(DELETED, false)
        .append(NAME, course.fields().name())
        .append(DESCRIPTION, course.fields().description())
        .append(DISCIPLINE, course.fields().discipline())
        .append(TEACHER, course.fields().teacher())
        .append(STUDENT_IDS, studentIds(course.studentIds()));
  }

  /**
   * The {@code $set} of a replace: the course's own fields and the sequence that wrote them (the
   * enrollment is written only through the log).
   */
  static Document toFieldUpdate(CourseFields fields, List<StudentId> requested, long sequence) {
    return new Document(APPLIED_SEQ, sequence)
        .append(NAME, fields.name())
        .append(DESCRIPTION, fields.description())
        .append(DISCIPLINE, fields.discipline())
        .append(TEACHER, fields.teacher())
        .append(REQUESTED_STUDENT_IDS, studentIds(requested))
        .append(REQUESTED_SEQ, sequence);
  }

  /** The students a document holds, then those it requested and does not hold. */
  static List<StudentId> heldOrRequested(Document document) {
    Set<String> both = new LinkedHashSet<>(document.getList(STUDENT_IDS, String.class, List.of()));
    both.addAll(document.getList(REQUESTED_STUDENT_IDS, String.class, List.of()));
    return both.stream().map(id -> StudentId.parse(STUDENT_IDS, id)).toList();
  }

  /**
   * The course a document holds.
   *
   * @throws StoredDataException when what is stored breaks a rule of the fields (text written
   *     before the text rule): the data's fault, not the reader's
   */
  static Course toCourse(Document document) {
    String id = document.getObjectId(ID).toHexString();
    try {
      List<StudentId> studentIds = heldStudents(document);
      CourseFields fields =
          new CourseFields(
              document.getString(NAME),
              document.getString(DESCRIPTION),
              document.getString(DISCIPLINE),
              document.getString(TEACHER),
              studentIds);
      return new Course(new CourseId(id), fields);
    } catch (ValidationException broken) {
      throw new StoredDataException("course", id, broken);
    }
  }

  /**
   * A document read with only {@code _id} and {@code student_ids} (or more).
   *
   * @throws StoredDataException naming the course when a stored student id is no UUID (written by
   *     hand): the reconciliation's run stops naming it, rather than on a bare "student_ids: must
   *     be a student id" (found by a fresh helper)
   */
  static CourseEnrollment toEnrollment(Document document) {
    String id = document.getObjectId(ID).toHexString();
    try {
      return new CourseEnrollment(new CourseId(id), heldStudents(document));
    } catch (ValidationException broken) {
      throw new StoredDataException("course", id, broken);
    }
  }

  /**
   * As {@link #toEnrollment}, leaving out stored student ids that are no UUID: for the checks
   * before a PUT or DELETE of the course, which replace or remove them (a 400 naming {@code
   * student_ids}, which the client never sent, kept the course from being corrected).
   */
  static CourseEnrollment toEnrollmentOfWellFormedIds(Document document) {
    String id = document.getObjectId(ID).toHexString();
    List<StudentId> held =
        document.getList(STUDENT_IDS, String.class, List.of()).stream()
            .filter(StudentId::isWellFormed)
            .map(student -> StudentId.parse(STUDENT_IDS, student))
            .toList();
    return new CourseEnrollment(new CourseId(id), held);
  }

  private static List<StudentId> heldStudents(Document document) {
    return document.getList(STUDENT_IDS, String.class, List.of()).stream()
        .map(id -> StudentId.parse(STUDENT_IDS, id))
        .toList();
  }

  static ObjectId objectId(CourseId id) {
    return new ObjectId(id.value());
  }

  static String studentId(StudentId id) {
    return id.value().toString();
  }

  static List<String> studentIds(List<StudentId> ids) {
    return ids.stream().map(CourseDocumentMapper::studentId).toList();
  }
}
