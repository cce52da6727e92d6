package dev.nis.courses.application.port.out;

import dev.nis.common.application.port.out.EntityStore;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseEnrollment;
import java.util.List;

/**
 * Where courses are stored: the sequence-guarded {@link EntityStore} of courses, whose related ids
 * are their students.
 */
public interface CourseRepository extends EntityStore<Course, CourseId, StudentId> {
  /**
   * The page {@link #findPage} returns, each live course as its half of the enrollment relation
   * only: up to {@code page.limit() + 1} in id order after the cursor. An adapter that can read
   * less than whole courses should (MongoDB: a projection on {@code student_ids}), since the
   * reconciliation reads every course this way; this default reads whole courses.
   */
  default List<CourseEnrollment> findEnrollmentPage(PageRequest page) {
    return findPage(page).stream()
        .map(course -> new CourseEnrollment(course.id(), course.studentIds()))
        .toList();
  }
}
