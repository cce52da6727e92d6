package dev.nis.students.adapter.out.redis;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.StudentCache;
import dev.nis.students.domain.Student;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;

/**
 * Counts cache look-ups by view and result ({@code nis_cache_lookups_total{service="students",
 * view, result=hit|miss|unavailable}}), for the hit ratio on the dashboard.
 */
public final class MeteredStudentCache implements StudentCache {
  private final StudentCache next;
  private final MeterRegistry registry;

  public MeteredStudentCache(StudentCache next, MeterRegistry registry) {
    this.next = next;
    this.registry = registry;
  }

  private <T> CacheRead<T> counted(String view, CacheRead<T> read) {
    String result =
        read.value().isPresent() ? "hit" : read.fillToken().isPresent() ? "miss" : "unavailable";
    Counter.builder("nis.cache.lookups")
        .tag("service", "students")
        .tag("view", view)
        .tag("result", result)
        .register(registry)
        .increment();
    return read;
  }

  @Override
  public CacheRead<Student> getStudent(StudentId id) {
    return counted("student", next.getStudent(id));
  }

  @Override
  public void putStudent(Student student, String fillToken) {
    next.putStudent(student, fillToken);
  }

  @Override
  public CacheRead<Page<Student>> getPage(PageRequest page) {
    return counted("list", next.getPage(page));
  }

  @Override
  public void putPage(PageRequest request, Page<Student> page, String fillToken) {
    next.putPage(request, page, fillToken);
  }

  @Override
  public CacheRead<List<Student>> getStudentsOfCourse(CourseId courseId) {
    return counted("students_of_course", next.getStudentsOfCourse(courseId));
  }

  @Override
  public void putStudentsOfCourse(CourseId courseId, List<Student> students, String fillToken) {
    next.putStudentsOfCourse(courseId, students, fillToken);
  }

  @Override
  public void invalidate(StudentId id, Set<CourseId> touchedCourses) {
    next.invalidate(id, touchedCourses);
  }
}
