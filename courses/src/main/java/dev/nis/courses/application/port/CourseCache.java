package dev.nis.courses.application.port;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;
import java.util.List;
import java.util.Set;

/**
 * Read cache of courses: by id, list pages, and courses of a student. Reads and fills never throw
 * (a cache failure is a miss); {@link #invalidate} throws {@link
 * dev.nis.common.application.DependencyUnavailableException} when it cannot make sure stale entries
 * are gone, so that the change is not reported applied before that.
 */
public interface CourseCache {
  CacheRead<Course> getCourse(CourseId id);

  void putCourse(Course course, String fillToken);

  CacheRead<Page<Course>> getPage(PageRequest page);

  void putPage(PageRequest request, Page<Course> page, String fillToken);

  CacheRead<List<Course>> getCoursesOfStudent(StudentId studentId);

  void putCoursesOfStudent(StudentId studentId, List<Course> courses, String fillToken);

  /** Drops every entry a change of this course may have made stale. */
  void invalidate(CourseId id, Set<StudentId> touchedStudents);
}
