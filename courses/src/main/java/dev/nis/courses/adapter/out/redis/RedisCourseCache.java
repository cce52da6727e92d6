package dev.nis.courses.adapter.out.redis;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.redis.GenerationGuardedCache;
import dev.nis.common.redis.RedisConnector;
import dev.nis.courses.application.port.CourseCache;
import dev.nis.courses.domain.Course;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The course cache in Redis: its keys and protobuf values over the generation-guarded mechanics of
 * {@link GenerationGuardedCache}.
 */
public final class RedisCourseCache implements CourseCache {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final GenerationGuardedCache cache;
  private final CacheKeys keys;

  public RedisCourseCache(RedisConnector redis, String keyPrefix) {
    this(redis, keyPrefix, DEFAULT_TTL);
  }

  public RedisCourseCache(RedisConnector redis, String keyPrefix, Duration ttl) {
    this.cache = new GenerationGuardedCache(redis, ttl);
    this.keys = new CacheKeys(keyPrefix);
  }

  @Override
  public CacheRead<Course> getCourse(CourseId id) {
    return cache.read(keys.course(id), keys.courseGeneration(id), CourseProtoMapper::course);
  }

  @Override
  public void putCourse(Course course, String fillToken) {
    CourseId id = course.id();
    cache.fill(
        keys.courseGeneration(id),
        keys.course(id),
        fillToken,
        CourseProtoMapper.courseBytes(course));
  }

  @Override
  public CacheRead<Page<Course>> getPage(PageRequest page) {
    return cache.readPage(
        keys.listGeneration(), keys.pagePrefix(), keys.pageSuffix(page), CourseProtoMapper::page);
  }

  @Override
  public void putPage(PageRequest request, Page<Course> page, String fillToken) {
    cache.fill(
        keys.listGeneration(),
        keys.page(fillToken, request),
        fillToken,
        CourseProtoMapper.pageBytes(page));
  }

  @Override
  public CacheRead<List<Course>> getCoursesOfStudent(StudentId studentId) {
    return cache.read(
        keys.coursesOfStudent(studentId),
        keys.coursesOfStudentGeneration(studentId),
        CourseProtoMapper::courses);
  }

  @Override
  public void putCoursesOfStudent(StudentId studentId, List<Course> courses, String fillToken) {
    cache.fill(
        keys.coursesOfStudentGeneration(studentId),
        keys.coursesOfStudent(studentId),
        fillToken,
        CourseProtoMapper.coursesBytes(courses));
  }

  @Override
  public void invalidate(CourseId id, Set<StudentId> touchedStudents) {
    List<String> generations = new ArrayList<>();
    List<String> values = new ArrayList<>();
    generations.add(keys.courseGeneration(id));
    values.add(keys.course(id));
    generations.add(keys.listGeneration());
    for (StudentId student : touchedStudents) {
      generations.add(keys.coursesOfStudentGeneration(student));
      values.add(keys.coursesOfStudent(student));
    }
    cache.invalidate(generations, values);
  }
}
