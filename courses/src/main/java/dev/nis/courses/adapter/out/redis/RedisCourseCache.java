package dev.nis.courses.adapter.out.redis;

import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.redis.CacheCodec;
import dev.nis.common.redis.CacheKeys;
import dev.nis.common.redis.JsonBodies;
import dev.nis.common.redis.MeteredReadCache;
import dev.nis.common.redis.RedisConnector;
import dev.nis.common.redis.RedisReadCache;
import dev.nis.courses.adapter.json.CourseJson;
import dev.nis.courses.adapter.proto.CourseProtoMapper;
import dev.nis.courses.domain.Course;
import dev.nis.proto.v1.ListCoursesResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The course cache in Redis: keys {@code <prefix>course:<id>}, {@code
 * <prefix>student-courses:<student id>} and list pages, each value the answer in both wire formats:
 * {@code nis.v1.Course} / {@code ListCoursesResponse} bytes, and the HTTP body of {@link
 * CourseJson}; over common-lib's generation-guarded {@link RedisReadCache}.
 */
public final class RedisCourseCache {
  /**
   * Values as {@code nis.v1.Course} / {@code ListCoursesResponse} bytes; reading back validates.
   */
  public static final CacheCodec<Course> CODEC =
      new CacheCodec<>(
          CourseProtoMapper::encode,
          bytes -> CourseProtoMapper.toDomain(dev.nis.proto.v1.Course.parseFrom(bytes)),
          CourseProtoMapper::encodePage,
          bytes -> CourseProtoMapper.fromResponse(ListCoursesResponse.parseFrom(bytes)));

  /** The HTTP bodies, as the routes send them. */
  public static final JsonBodies<Course> BODIES =
      new JsonBodies<>(CourseJson::body, CourseJson::pageBody);

  private RedisCourseCache() {}

  public static CacheKeys keys(String prefix) {
    return new CacheKeys(prefix, "course", "student-courses");
  }

  public static AnswerCache<Course, CourseId, StudentId> create(
      RedisConnector redis, String keyPrefix, Duration ttl) {
    return new RedisReadCache<>(redis, keys(keyPrefix), CODEC, BODIES, ttl);
  }

  /** Counts the look-ups as views {@code course}, {@code list} and {@code courses_of_student}. */
  public static AnswerCache<Course, CourseId, StudentId> metered(
      AnswerCache<Course, CourseId, StudentId> cache, MeterRegistry registry) {
    return new MeteredReadCache<>(cache, registry, "courses", "course", "courses_of_student");
  }
}
