package dev.nis.courses.application;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.port.CourseCache;
import dev.nis.courses.domain.Course;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link CourseCache} in memory with one generation for the whole cache. */
final class InMemoryCourseCache implements CourseCache {
  final Map<String, Object> values = new ConcurrentHashMap<>();
  final AtomicLong generation = new AtomicLong();
  volatile boolean down;

  private <T> CacheRead<T> get(String key) {
    if (down) {
      return CacheRead.unavailable();
    }
    @SuppressWarnings("unchecked")
    T value = (T) values.get(key);
    return value != null ? CacheRead.hit(value) : CacheRead.miss(Long.toString(generation.get()));
  }

  private synchronized void put(String key, Object value, String token) {
    if (!down && Long.toString(generation.get()).equals(token)) {
      values.put(key, value);
    }
  }

  @Override
  public CacheRead<Course> getCourse(CourseId id) {
    return get("course:" + id);
  }

  @Override
  public void putCourse(Course course, String fillToken) {
    put("course:" + course.id(), course, fillToken);
  }

  @Override
  public CacheRead<Page<Course>> getPage(PageRequest page) {
    return get("page:" + page.key());
  }

  @Override
  public void putPage(PageRequest request, Page<Course> page, String fillToken) {
    put("page:" + request.key(), page, fillToken);
  }

  @Override
  public CacheRead<List<Course>> getCoursesOfStudent(StudentId studentId) {
    return get("student:" + studentId);
  }

  @Override
  public void putCoursesOfStudent(StudentId studentId, List<Course> courses, String fillToken) {
    put("student:" + studentId, courses, fillToken);
  }

  @Override
  public synchronized void invalidate(CourseId id, Set<StudentId> touchedStudents) {
    if (down) {
      throw new DependencyUnavailableException("redis", "down in this test");
    }
    generation.incrementAndGet();
    values.clear();
  }
}
