package dev.nis.students.application;

import static dev.nis.students.testing.StudentFixtures.STUDENTS;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.InMemoryGuardedStore;
import dev.nis.common.testing.PortView;
import dev.nis.students.application.port.out.StudentRepository;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.Optional;

/**
 * Students in common-lib's {@link InMemoryGuardedStore} (the real stores' sequence guard,
 * tombstones and cap) with one live student per full name, seen as a {@link StudentRepository}.
 */
final class InMemoryStudentRepository extends InMemoryGuardedStore<Student, StudentId, CourseId> {
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

  /** The port, with its names for the reads and writes of a student's courses. */
  StudentRepository asPort() {
    return PortView.of(StudentRepository.class, this, RELATED_NAMES);
  }

  private static final String RELATED_NAMES =
      "findByCourse=findHolding, addCourse=add, removeCourse=remove, coursesOfDeleted=relatedOfDeleted";
}
