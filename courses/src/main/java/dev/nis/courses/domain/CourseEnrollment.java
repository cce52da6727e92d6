package dev.nis.courses.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import java.util.List;

/**
 * A course's half of the enrollment relation: its id and the students it holds, without its own
 * fields. What the reconciliation reads of every course ({@code RelationReconciler}).
 */
public record CourseEnrollment(CourseId id, List<StudentId> studentIds) {
  public CourseEnrollment {
    studentIds = List.copyOf(studentIds);
  }
}
