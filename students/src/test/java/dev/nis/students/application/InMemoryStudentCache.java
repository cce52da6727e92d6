package dev.nis.students.application;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.StudentCache;
import dev.nis.students.domain.Student;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link StudentCache} in memory with one generation for the whole cache. */
final class InMemoryStudentCache implements StudentCache {
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
  public CacheRead<Student> getStudent(StudentId id) {
    return get("student:" + id);
  }

  @Override
  public void putStudent(Student student, String fillToken) {
    put("student:" + student.id(), student, fillToken);
  }

  @Override
  public CacheRead<Page<Student>> getPage(PageRequest page) {
    return get("page:" + page.key());
  }

  @Override
  public void putPage(PageRequest request, Page<Student> page, String fillToken) {
    put("page:" + request.key(), page, fillToken);
  }

  @Override
  public CacheRead<List<Student>> getStudentsOfCourse(CourseId courseId) {
    return get("course:" + courseId);
  }

  @Override
  public void putStudentsOfCourse(CourseId courseId, List<Student> students, String fillToken) {
    put("course:" + courseId, students, fillToken);
  }

  @Override
  public synchronized void invalidate(StudentId id, Set<CourseId> touchedCourses) {
    if (down) {
      throw new DependencyUnavailableException("redis", "down in this test");
    }
    generation.incrementAndGet();
    values.clear();
  }
}
