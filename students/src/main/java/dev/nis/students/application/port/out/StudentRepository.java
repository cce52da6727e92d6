package dev.nis.students.application.port.out;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.List;
import java.util.Optional;

/**
 * Where students are stored. Writes are guarded by the command's stream sequence: each student
 * remembers the last sequence applied to it (a deleted student leaves a tombstone holding it), so a
 * redelivered command is recognised and changes nothing. No two live students share a full name
 * (name, first_name, last_name); a write that would break that is {@link WriteStatus#DUPLICATE}.
 */
public interface StudentRepository {
  Optional<Student> findById(StudentId id);

  /** The live student with this full name, if any. */
  Optional<Student> findByFullName(StudentFields fields);

  /** Up to {@code page.limit() + 1} students in id order after the page's cursor. */
  List<Student> findPage(PageRequest page);

  /** The live students whose course_ids hold the course, in id order. */
  List<Student> findByCourse(CourseId courseId);

  /** Inserts a new student; ALREADY_APPLIED when this sequence inserted it before. */
  WriteStatus insert(Student student, long sequence);

  /** Replaces a live student's fields; MISSING when there is no live student with that id. */
  WriteStatus replace(Student student, long sequence);

  /** Deletes a live student, leaving a tombstone; MISSING when there is no live student. */
  WriteStatus delete(StudentId id, long sequence);

  /** Adds the course unless the student is missing or already holds {@code cap} courses. */
  EnrollmentStatus addCourse(StudentId id, CourseId courseId, long logSequence, int cap);

  EnrollmentStatus removeCourse(StudentId id, CourseId courseId, long logSequence);

  /**
   * The courses a deleted student had when it was deleted. A tombstone keeps them and the log
   * applier never changes a tombstone, so they are frozen: the REMOVEs a delete appends (again,
   * after a crash) are derived from them without racing the log.
   */
  List<CourseId> coursesOfDeleted(StudentId id);
}
