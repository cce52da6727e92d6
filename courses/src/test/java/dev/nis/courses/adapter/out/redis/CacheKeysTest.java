package dev.nis.courses.adapter.out.redis;

import dev.nis.common.contract.CacheKeysContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;

/** The keys of the courses cache: {@code course:<id>}, and the courses of a student. */
class CacheKeysTest extends CacheKeysContract {
  CacheKeysTest() {
    super(
        RedisCourseCache.keys("nis:courses:"),
        "nis:courses:",
        new CourseId("0123456789abcdef01234567"),
        "course:0123456789abcdef01234567",
        StudentId.parse("00000000-0000-0000-0000-000000000001"),
        "student-courses:00000000-0000-0000-0000-000000000001");
  }
}
