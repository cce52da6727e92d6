package dev.nis.courses.application.port.in;

import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.CourseCommand;

/**
 * Command application, called by the queue consumers only (through common-lib's {@code
 * CommandApplier} and {@code EnrollmentApplier}): a course command to MongoDB, an enrollment-log
 * entry to a course's students.
 */
public interface ApplyCourseCommands
    extends CommandApplication<CourseCommand, CourseId, StudentId> {}
