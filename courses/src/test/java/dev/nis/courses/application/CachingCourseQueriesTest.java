package dev.nis.courses.application;

import static dev.nis.courses.testing.CourseFixtures.COURSES;
import static dev.nis.courses.testing.CourseFixtures.COURSE_COMMANDS;

import dev.nis.common.application.CachedQueries;
import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.contract.CachingQueriesContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.RecordingCommandQueue;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import java.util.List;

/** The shared caching scenarios over {@link CachedQueries} of the courses queries port and core. */
class CachingCourseQueriesTest
    extends CachingQueriesContract<Course, CourseId, StudentId, CourseCommand, CourseQueries> {
  CachingCourseQueriesTest() {
    super(
        COURSES,
        COURSE_COMMANDS,
        CourseQueries.class,
        "get=getCourse, page=listCourses, holding=listCoursesByStudent",
        (reads, cache) -> CachedQueries.port(CourseQueries.class, reads, cache));
  }

  @Override
  protected CoreCourseService newCore(OperationLog operations, EnrollmentLog log) {
    return new CoreCourseService(
        new InMemoryCourseRepository().asPort(),
        new RecordingCommandQueue<>(),
        operations,
        id -> List.of(),
        log);
  }
}
