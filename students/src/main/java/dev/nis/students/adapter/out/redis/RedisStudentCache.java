package dev.nis.students.adapter.out.redis;

import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.redis.CacheCodec;
import dev.nis.common.redis.CacheKeys;
import dev.nis.common.redis.JsonBodies;
import dev.nis.common.redis.MeteredReadCache;
import dev.nis.common.redis.RedisConnector;
import dev.nis.common.redis.RedisReadCache;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.students.adapter.json.StudentJson;
import dev.nis.students.adapter.proto.StudentProtoMapper;
import dev.nis.students.domain.Student;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The student cache in Redis: keys {@code <prefix>student:<id>}, {@code
 * <prefix>course-students:<course id>} and list pages, each value the answer in both wire formats:
 * {@code nis.v1.Student} / {@code ListStudentsResponse} bytes, and the HTTP body of {@link
 * StudentJson}; over common-lib's generation-guarded {@link RedisReadCache}.
 */
public final class RedisStudentCache {
  /**
   * Values as {@code nis.v1.Student} / {@code ListStudentsResponse} bytes; reading back validates.
   */
  public static final CacheCodec<Student> CODEC =
      new CacheCodec<>(
          StudentProtoMapper::encode,
          bytes -> StudentProtoMapper.toDomain(dev.nis.proto.v1.Student.parseFrom(bytes)),
          StudentProtoMapper::encodePage,
          bytes -> StudentProtoMapper.fromResponse(ListStudentsResponse.parseFrom(bytes)));

  /** The HTTP bodies, as the routes send them. */
  public static final JsonBodies<Student> BODIES =
      new JsonBodies<>(StudentJson::body, StudentJson::pageBody);

  private RedisStudentCache() {}

  public static CacheKeys keys(String prefix) {
    return new CacheKeys(prefix, "student", "course-students");
  }

  public static AnswerCache<Student, StudentId, CourseId> create(
      RedisConnector redis, String keyPrefix, Duration ttl) {
    return new RedisReadCache<>(redis, keys(keyPrefix), CODEC, BODIES, ttl);
  }

  /** Counts the look-ups as views {@code student}, {@code list} and {@code students_of_course}. */
  public static AnswerCache<Student, StudentId, CourseId> metered(
      AnswerCache<Student, StudentId, CourseId> cache, MeterRegistry registry) {
    return new MeteredReadCache<>(cache, registry, "students", "student", "students_of_course");
  }
}
