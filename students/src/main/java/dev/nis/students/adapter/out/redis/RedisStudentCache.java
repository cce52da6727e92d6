package dev.nis.students.adapter.out.redis;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.redis.GenerationGuardedCache;
import dev.nis.common.redis.RedisConnector;
import dev.nis.students.application.port.StudentCache;
import dev.nis.students.domain.Student;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The student cache in Redis: its keys and protobuf values over the generation-guarded mechanics of
 * {@link GenerationGuardedCache}.
 */
public final class RedisStudentCache implements StudentCache {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final GenerationGuardedCache cache;
  private final CacheKeys keys;

  public RedisStudentCache(RedisConnector redis, String keyPrefix) {
    this(redis, keyPrefix, DEFAULT_TTL);
  }

  public RedisStudentCache(RedisConnector redis, String keyPrefix, Duration ttl) {
    this.cache = new GenerationGuardedCache(redis, ttl);
    this.keys = new CacheKeys(keyPrefix);
  }

  @Override
  public CacheRead<Student> getStudent(StudentId id) {
    return cache.read(keys.student(id), keys.studentGeneration(id), StudentProtoMapper::student);
  }

  @Override
  public void putStudent(Student student, String fillToken) {
    StudentId id = student.id();
    cache.fill(
        keys.studentGeneration(id),
        keys.student(id),
        fillToken,
        StudentProtoMapper.studentBytes(student));
  }

  @Override
  public CacheRead<Page<Student>> getPage(PageRequest page) {
    return cache.readPage(
        keys.listGeneration(), keys.pagePrefix(), keys.pageSuffix(page), StudentProtoMapper::page);
  }

  @Override
  public void putPage(PageRequest request, Page<Student> page, String fillToken) {
    cache.fill(
        keys.listGeneration(),
        keys.page(fillToken, request),
        fillToken,
        StudentProtoMapper.pageBytes(page));
  }

  @Override
  public CacheRead<List<Student>> getStudentsOfCourse(CourseId courseId) {
    return cache.read(
        keys.studentsOfCourse(courseId),
        keys.studentsOfCourseGeneration(courseId),
        StudentProtoMapper::students);
  }

  @Override
  public void putStudentsOfCourse(CourseId courseId, List<Student> students, String fillToken) {
    cache.fill(
        keys.studentsOfCourseGeneration(courseId),
        keys.studentsOfCourse(courseId),
        fillToken,
        StudentProtoMapper.studentsBytes(students));
  }

  @Override
  public void invalidate(StudentId id, Set<CourseId> touchedCourses) {
    List<String> generations = new ArrayList<>();
    List<String> values = new ArrayList<>();
    generations.add(keys.studentGeneration(id));
    values.add(keys.student(id));
    generations.add(keys.listGeneration());
    for (CourseId course : touchedCourses) {
      generations.add(keys.studentsOfCourseGeneration(course));
      values.add(keys.studentsOfCourse(course));
    }
    cache.invalidate(generations, values);
  }
}
