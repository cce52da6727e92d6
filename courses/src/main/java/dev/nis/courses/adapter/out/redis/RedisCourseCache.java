package dev.nis.courses.adapter.out.redis;

import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.redis.CacheCodec;
import dev.nis.common.redis.CacheKeys;
import dev.nis.common.redis.MeteredReadCache;
import dev.nis.common.redis.RedisConnector;
import dev.nis.common.redis.RedisReadCache;
import dev.nis.courses.adapter.proto.CourseProtoMapper;
import dev.nis.courses.domain.Course;
import dev.nis.proto.v1.ListCoursesResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The course cache in Redis: keys {@code <prefix>course:<id>}, {@code
 * <prefix>student-courses:<student id>} and list pages, values as {@code nis.v1.Course} / {@code
 * ListCoursesResponse} bytes, over common-lib's generation-guarded {@link RedisReadCache}.
 */
public final class RedisCourseCache {
  /**
   * Values as {@code nis.v1.Course} / {@code ListCoursesResponse} bytes; reading back validates.
   */
  public static final CacheCodec<Course> CODEC =
      new CacheCodec<>(
          course -> CourseProtoMapper.toProto(course).toByteArray(),
          bytes -> CourseProtoMapper.toDomain(dev.nis.proto.v1.Course.parseFrom(bytes)),
          page -> CourseProtoMapper.toResponse(page).toByteArray(),
          bytes -> CourseProtoMapper.fromResponse(ListCoursesResponse.parseFrom(bytes)));

  private RedisCourseCache() {}

  public static CacheKeys keys(String prefix) {
    return new CacheKeys(prefix, "course", "student-courses");
  }

  public static ReadCache<Course, CourseId, StudentId> create(
      RedisConnector redis, String keyPrefix, Duration ttl) {
    return new RedisReadCache<>(redis, keys(keyPrefix), CODEC, ttl);
  }

  /** Counts the look-ups as views {@code course}, {@code list} and {@code courses_of_student}. */
  public static ReadCache<Course, CourseId, StudentId> metered(
      ReadCache<Course, CourseId, StudentId> cache, MeterRegistry registry) {
    return new MeteredReadCache<>(cache, registry, "courses", "course", "courses_of_student");
  }
}
