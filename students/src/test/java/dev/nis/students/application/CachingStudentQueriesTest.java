package dev.nis.students.application;

import static dev.nis.students.testing.StudentFixtures.STUDENTS;
import static dev.nis.students.testing.StudentFixtures.STUDENT_COMMANDS;

import dev.nis.common.application.CachedQueries;
import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.contract.CachingQueriesContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.RecordingCommandQueue;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import java.util.List;

/**
 * The shared caching scenarios over {@link CachedQueries} of the students queries port and core.
 */
class CachingStudentQueriesTest
    extends CachingQueriesContract<Student, StudentId, CourseId, StudentCommand, StudentQueries> {
  CachingStudentQueriesTest() {
    super(
        STUDENTS,
        STUDENT_COMMANDS,
        StudentQueries.class,
        "get=getStudent, page=listStudents, holding=listStudentsByCourse",
        (reads, cache) -> CachedQueries.port(StudentQueries.class, reads, cache));
  }

  @Override
  protected CoreStudentService newCore(OperationLog operations, EnrollmentLog log) {
    return new CoreStudentService(
        new InMemoryStudentRepository().asPort(),
        new RecordingCommandQueue<>(),
        operations,
        id -> List.of(),
        log);
  }
}
