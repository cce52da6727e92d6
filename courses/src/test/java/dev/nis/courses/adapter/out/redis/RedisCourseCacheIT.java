package dev.nis.courses.adapter.out.redis;

import static dev.nis.courses.testing.CourseFixtures.COURSES;

import dev.nis.common.contract.ReadCacheContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;

/** The shared read-cache scenarios against Redis, over {@link RedisCourseCache}. */
class RedisCourseCacheIT extends ReadCacheContract<Course, CourseId, StudentId> {
  RedisCourseCacheIT() {
    super(RedisCourseCache::create, COURSES, "course");
  }
}
