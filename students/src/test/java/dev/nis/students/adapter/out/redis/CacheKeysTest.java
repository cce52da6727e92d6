package dev.nis.students.adapter.out.redis;

import dev.nis.common.contract.CacheKeysContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;

/** The keys of the students cache: {@code student:<id>}, and the students of a course. */
class CacheKeysTest extends CacheKeysContract {
  CacheKeysTest() {
    super(
        RedisStudentCache.keys("nis:students:"),
        "nis:students:",
        StudentId.parse("00000000-0000-0000-0000-000000000001"),
        "student:00000000-0000-0000-0000-000000000001",
        new CourseId("0123456789abcdef01234567"),
        "course-students:0123456789abcdef01234567");
  }
}
