package dev.nis.courses.adapter.out.redis;

import static dev.nis.courses.testing.CourseFixtures.COURSES;

import dev.nis.common.contract.AnswerCacheContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;

/** The shared answer-cache scenarios against Redis, over {@link RedisCourseCache}. */
class RedisCourseAnswerCacheIT extends AnswerCacheContract<Course, CourseId, StudentId> {
  RedisCourseAnswerCacheIT() {
    super(
        RedisCourseCache::create,
        COURSES,
        "course",
        RedisCourseCache.CODEC,
        RedisCourseCache.BODIES);
  }
}
