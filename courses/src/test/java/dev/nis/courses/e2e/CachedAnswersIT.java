package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.CachedAnswersContract;
import dev.nis.courses.testing.TestMongo;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.GetCourseRequest;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesRequest;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CachedAnswersContract} for courses, over MongoDB: GetCourse, ListCourses, by student. */
class CachedAnswersIT extends CachedAnswersContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  CachedAnswersIT() {
    super(
        new RunningCourses(mongo),
        new Reads(
            "course",
            "courses_of_student",
            "student_ids",
            CourseJson::course,
            () -> UUID.randomUUID().toString(),
            new GrpcRead<>(
                CourseQueriesGrpc.getGetCourseMethod(),
                id -> GetCourseRequest.newBuilder().setId(id).build()),
            new GrpcRead<>(
                CourseQueriesGrpc.getListCoursesMethod(),
                limit -> ListCoursesRequest.newBuilder().setLimit(Integer.parseInt(limit)).build()),
            new GrpcRead<>(
                CourseQueriesGrpc.getListCoursesByStudentMethod(),
                student ->
                    ListCoursesByStudentRequest.newBuilder().setStudentId(student).build())));
  }
}
