package dev.nis.students.application.port;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.Student;
import java.util.List;
import java.util.Set;

/**
 * Read cache of students: by id, list pages, and students of a course. Reads and fills never throw
 * (a cache failure is a miss); {@link #invalidate} throws {@link
 * dev.nis.common.application.DependencyUnavailableException} when it cannot make sure stale entries
 * are gone, so that the change is not reported applied before that.
 */
public interface StudentCache {
  CacheRead<Student> getStudent(StudentId id);

  void putStudent(Student student, String fillToken);

  CacheRead<Page<Student>> getPage(PageRequest page);

  void putPage(PageRequest request, Page<Student> page, String fillToken);

  CacheRead<List<Student>> getStudentsOfCourse(CourseId courseId);

  void putStudentsOfCourse(CourseId courseId, List<Student> students, String fillToken);

  /** Drops every entry a change of this student may have made stale. */
  void invalidate(StudentId id, Set<CourseId> touchedCourses);
}
