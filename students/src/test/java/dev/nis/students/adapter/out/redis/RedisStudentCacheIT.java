package dev.nis.students.adapter.out.redis;

import static dev.nis.students.testing.StudentFixtures.STUDENTS;

import dev.nis.common.contract.ReadCacheContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.Student;

/** The shared read-cache scenarios against Redis, over {@link RedisStudentCache}. */
class RedisStudentCacheIT extends ReadCacheContract<Student, StudentId, CourseId> {
  RedisStudentCacheIT() {
    super(RedisStudentCache::create, STUDENTS, "student");
  }
}
