package dev.nis.students.application;

import dev.nis.common.domain.PageRequest;
import dev.nis.students.application.port.StudentRepository;
import dev.nis.students.application.port.WriteStatus;
import dev.nis.students.domain.CourseId;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.domain.StudentId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link StudentRepository} in memory with the same sequence guard, tombstones and unique full
 * name among live students.
 */
final class InMemoryStudentRepository implements StudentRepository {
  private record Stored(Optional<Student> student, long sequence) {}

  private final ConcurrentSkipListMap<StudentId, Stored> rows = new ConcurrentSkipListMap<>();

  @Override
  public Optional<Student> findById(StudentId id) {
    Stored stored = rows.get(id);
    return stored == null ? Optional.empty() : stored.student();
  }

  @Override
  public Optional<Student> findByFullName(StudentFields fields) {
    return live().filter(s -> s.fields().sameFullName(fields)).findFirst();
  }

  @Override
  public List<Student> findPage(PageRequest page) {
    var tail =
        page.afterId().map(id -> rows.tailMap(StudentId.parse("cursor", id), false)).orElse(rows);
    return tail.values().stream()
        .flatMap(s -> s.student().stream())
        .limit(page.limit() + 1L)
        .toList();
  }

  @Override
  public List<Student> findByCourse(CourseId courseId) {
    return live().filter(s -> s.courseIds().contains(courseId)).toList();
  }

  @Override
  public synchronized WriteStatus insert(Student student, long sequence) {
    if (rows.containsKey(student.id())) {
      return WriteStatus.ALREADY_APPLIED;
    }
    if (nameTakenBesides(student)) {
      return WriteStatus.DUPLICATE;
    }
    rows.put(student.id(), new Stored(Optional.of(student), sequence));
    return WriteStatus.WRITTEN;
  }

  @Override
  public synchronized WriteStatus replace(Student student, long sequence) {
    return write(student.id(), Optional.of(student), sequence);
  }

  @Override
  public synchronized WriteStatus delete(StudentId id, long sequence) {
    return write(id, Optional.empty(), sequence);
  }

  private WriteStatus write(StudentId id, Optional<Student> next, long sequence) {
    Stored stored = rows.get(id);
    if (stored != null && stored.sequence() >= sequence) {
      return WriteStatus.ALREADY_APPLIED;
    }
    if (stored == null || stored.student().isEmpty()) {
      return WriteStatus.MISSING;
    }
    if (next.isPresent() && nameTakenBesides(next.get())) {
      return WriteStatus.DUPLICATE;
    }
    rows.put(id, new Stored(next, sequence));
    return WriteStatus.WRITTEN;
  }

  private boolean nameTakenBesides(Student student) {
    return live()
        .anyMatch(s -> !s.id().equals(student.id()) && s.fields().sameFullName(student.fields()));
  }

  private java.util.stream.Stream<Student> live() {
    return rows.values().stream().flatMap(s -> s.student().stream());
  }
}
