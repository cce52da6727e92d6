package dev.nis.courses.application.port.out;

import dev.nis.common.application.port.out.EntityStore;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;

/**
 * Where courses are stored: the sequence-guarded {@link EntityStore} of courses, whose related ids
 * are their students.
 */
public interface CourseRepository extends EntityStore<Course, CourseId, StudentId> {}
