package dev.nis.courses.adapter.out.redis;

import static dev.nis.courses.testing.CourseFixtures.COURSES;
import static dev.nis.courses.testing.CourseFixtures.algebra;

import dev.nis.common.contract.CacheCodecContract;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.adapter.proto.CourseProtoMapper;
import dev.nis.courses.domain.Course;

/** The shared cache-codec scenarios over {@link RedisCourseCache}; a one-letter name is invalid. */
class CourseCacheCodecTest extends CacheCodecContract<Course, StudentId> {
  CourseCacheCodecTest() {
    super(
        RedisCourseCache.CODEC,
        COURSES,
        CourseProtoMapper.toProto(algebra()).toBuilder().setName("x").build().toByteArray());
  }
}
