package dev.nis.students.e2e;

import dev.nis.common.domain.CourseId;
import dev.nis.common.testing.e2e.CachedAnswersContract;
import dev.nis.proto.v1.GetStudentRequest;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.ListStudentsRequest;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.students.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CachedAnswersContract} for students, over PostgreSQL: GetStudent, ListStudents, by course.
 */
class CachedAnswersIT extends CachedAnswersContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  CachedAnswersIT() {
    super(
        new RunningStudents(postgres),
        new Reads(
            "student",
            "students_of_course",
            "course_ids",
            StudentJson::student,
            () -> CourseId.next().value(),
            new GrpcRead<>(
                StudentQueriesGrpc.getGetStudentMethod(),
                id -> GetStudentRequest.newBuilder().setId(id).build()),
            new GrpcRead<>(
                StudentQueriesGrpc.getListStudentsMethod(),
                limit ->
                    ListStudentsRequest.newBuilder().setLimit(Integer.parseInt(limit)).build()),
            new GrpcRead<>(
                StudentQueriesGrpc.getListStudentsByCourseMethod(),
                course -> ListStudentsByCourseRequest.newBuilder().setCourseId(course).build())));
  }
}
