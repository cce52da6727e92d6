package dev.nis.students.adapter.out.redis;

import static dev.nis.students.testing.StudentFixtures.STUDENTS;
import static dev.nis.students.testing.StudentFixtures.ada;

import dev.nis.common.contract.CacheCodecContract;
import dev.nis.common.domain.CourseId;
import dev.nis.students.adapter.proto.StudentProtoMapper;
import dev.nis.students.domain.Student;

/**
 * The shared cache-codec scenarios over {@link RedisStudentCache}; a one-letter first name is
 * invalid.
 */
class StudentCacheCodecTest extends CacheCodecContract<Student, CourseId> {
  StudentCacheCodecTest() {
    super(
        RedisStudentCache.CODEC,
        STUDENTS,
        StudentProtoMapper.toProto(ada()).toBuilder().setFirstName("x").build().toByteArray());
  }
}
