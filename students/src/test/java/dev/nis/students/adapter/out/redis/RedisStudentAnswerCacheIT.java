package dev.nis.students.adapter.out.redis;

import static dev.nis.students.testing.StudentFixtures.STUDENTS;

import dev.nis.common.contract.AnswerCacheContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.Student;

/** The shared answer-cache scenarios against Redis, over {@link RedisStudentCache}. */
class RedisStudentAnswerCacheIT extends AnswerCacheContract<Student, StudentId, CourseId> {
  RedisStudentAnswerCacheIT() {
    super(
        RedisStudentCache::create,
        STUDENTS,
        "student",
        RedisStudentCache.CODEC,
        RedisStudentCache.BODIES);
  }
}
