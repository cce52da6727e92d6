package dev.nis.courses.adapter.in.grpc;

import static dev.nis.courses.testing.CourseFixtures.COURSES;

import dev.nis.common.contract.QueriesGrpcServiceContract;
import dev.nis.common.contract.QueriesGrpcSpec;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.adapter.proto.CourseProtoMapper;
import dev.nis.courses.domain.Course;
import dev.nis.courses.testing.FakeCourseService;
import dev.nis.proto.v1.CourseQueriesGrpc;

/** The shared gRPC queries scenarios over {@link CourseQueriesGrpcService}. */
class CourseQueriesGrpcServiceTest
    extends QueriesGrpcServiceContract<Course, CourseId, StudentId, FakeCourseService> {
  CourseQueriesGrpcServiceTest() {
    super(
        QueriesGrpcSpec.<Course, CourseId, StudentId, FakeCourseService>serving(
                FakeCourseService::new, CourseQueriesGrpcService::new)
            .methods(CourseQueriesGrpc.getServiceDescriptor(), "student_id")
            .entities(COURSES, CourseProtoMapper::toProto)
            .describing(
                "course",
                "id: must be a course id (24 hex digits)",
                "ada",
                "student_id: must be a student id (UUID)")
            .storedIn("mongodb"));
  }
}
