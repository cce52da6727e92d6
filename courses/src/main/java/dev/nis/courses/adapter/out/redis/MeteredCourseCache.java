package dev.nis.courses.adapter.out.redis;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.port.CourseCache;
import dev.nis.courses.domain.Course;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;

/**
 * Counts cache look-ups by view and result ({@code nis_cache_lookups_total{view, result=hit|miss|
 * unavailable}}), for the hit ratio on the dashboard.
 */
public final class MeteredCourseCache implements CourseCache {
  private final CourseCache next;
  private final MeterRegistry registry;

  public MeteredCourseCache(CourseCache next, MeterRegistry registry) {
    this.next = next;
    this.registry = registry;
  }

  private <T> CacheRead<T> counted(String view, CacheRead<T> read) {
    String result =
        read.value().isPresent() ? "hit" : read.fillToken().isPresent() ? "miss" : "unavailable";
    Counter.builder("nis.cache.lookups")
        .tag("service", "courses")
        .tag("view", view)
        .tag("result", result)
        .register(registry)
        .increment();
    return read;
  }

  @Override
  public CacheRead<Course> getCourse(CourseId id) {
    return counted("course", next.getCourse(id));
  }

  @Override
  public void putCourse(Course course, String fillToken) {
    next.putCourse(course, fillToken);
  }

  @Override
  public CacheRead<Page<Course>> getPage(PageRequest page) {
    return counted("list", next.getPage(page));
  }

  @Override
  public void putPage(PageRequest request, Page<Course> page, String fillToken) {
    next.putPage(request, page, fillToken);
  }

  @Override
  public CacheRead<List<Course>> getCoursesOfStudent(StudentId studentId) {
    return counted("courses_of_student", next.getCoursesOfStudent(studentId));
  }

  @Override
  public void putCoursesOfStudent(StudentId studentId, List<Course> courses, String fillToken) {
    next.putCoursesOfStudent(studentId, courses, fillToken);
  }

  @Override
  public void invalidate(CourseId id, Set<StudentId> touchedStudents) {
    next.invalidate(id, touchedStudents);
  }
}
