package dev.nis.students.application.port.out;

import dev.nis.common.application.port.out.EntityStore;
import dev.nis.common.application.port.out.WriteStatus;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.Optional;

/**
 * Where students are stored: the sequence-guarded {@link EntityStore} of students, whose related
 * ids are their courses. No two live students share a full name (name, first_name, last_name); an
 * insert or replace that would break that is {@link WriteStatus#DUPLICATE}.
 */
public interface StudentRepository extends EntityStore<Student, StudentId, CourseId> {
  /** The live student with this full name, if any. */
  Optional<Student> findByFullName(StudentFields fields);
}
