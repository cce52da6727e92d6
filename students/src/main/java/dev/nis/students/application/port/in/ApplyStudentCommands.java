package dev.nis.students.application.port.in;

import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.StudentCommand;

/**
 * Command application, called by the queue consumers only (through common-lib's {@code
 * CommandApplier} and {@code EnrollmentApplier}): a student command to PostgreSQL, an
 * enrollment-log entry to a student's courses.
 */
public interface ApplyStudentCommands
    extends CommandApplication<StudentCommand, StudentId, CourseId> {}
