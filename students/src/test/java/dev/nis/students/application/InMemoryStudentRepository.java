package dev.nis.students.application;

import static dev.nis.students.testing.StudentFixtures.STUDENTS;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.InMemoryGuardedStore;
import dev.nis.students.application.port.out.StudentRepository;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.Optional;

/**
 * Students in common-lib's {@link InMemoryGuardedStore} (the real stores' sequence guard,
 * tombstones and cap) with one live student per full name, as a {@link StudentRepository}.
 */
final class InMemoryStudentRepository extends InMemoryGuardedStore<Student, StudentId, CourseId>
    implements StudentRepository {
  InMemoryStudentRepository() {
    super(
        STUDENTS,
        id -> StudentId.parse("cursor", id),
        (one, other) -> one.fields().sameFullName(other.fields()));
  }

  /** The live student with this full name, if any. */
  public Optional<Student> findByFullName(StudentFields fields) {
    return live().filter(s -> s.fields().sameFullName(fields)).findFirst();
  }

  /** The store as the core sees it. */
  StudentRepository asPort() {
    return this;
  }
}
