package dev.nis.courses.application.port.out;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;
import java.util.List;
import java.util.Optional;

/**
 * Where courses are stored. Writes are guarded by the command's stream sequence: each course
 * remembers the last sequence applied to it (a deleted course leaves a tombstone holding it), so a
 * redelivered command is recognised and changes nothing.
 */
public interface CourseRepository {
  Optional<Course> findById(CourseId id);

  /** Up to {@code page.limit() + 1} courses in id order after the page's cursor. */
  List<Course> findPage(PageRequest page);

  List<Course> findByStudent(StudentId studentId);

  /**
   * Inserts a new course with no students (they come through the enrollment log); ALREADY_APPLIED
   * when this sequence inserted it before.
   */
  WriteStatus insert(Course course, long sequence);

  /**
   * Replaces a live course's own fields, not its students; MISSING when there is no live course
   * with that id.
   */
  WriteStatus replace(Course course, long sequence);

  /** Deletes a live course, leaving a tombstone; MISSING when there is no live course. */
  WriteStatus delete(CourseId id, long sequence);

  /** Adds the student unless the course is missing or already holds {@code cap} students. */
  EnrollmentStatus addStudent(CourseId id, StudentId studentId, long logSequence, int cap);

  EnrollmentStatus removeStudent(CourseId id, StudentId studentId, long logSequence);

  /**
   * The students a deleted course had when it was deleted. A tombstone keeps them and the log
   * applier never changes a tombstone, so they are frozen: the REMOVEs a delete appends (again,
   * after a crash) are derived from them without racing the log.
   */
  List<StudentId> studentsOfDeleted(CourseId id);
}
