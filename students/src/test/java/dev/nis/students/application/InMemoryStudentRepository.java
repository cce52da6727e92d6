package dev.nis.students.application;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.out.EnrollmentStatus;
import dev.nis.students.application.port.out.StudentRepository;
import dev.nis.students.application.port.out.WriteStatus;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link StudentRepository} in memory with the same sequence guard, tombstones and unique full
 * name among live students.
 */
final class InMemoryStudentRepository implements StudentRepository {
  private record Stored(Optional<Student> student, long sequence) {}

  private final java.util.Map<StudentId, List<CourseId>> tombstoneCourses =
      new java.util.HashMap<>();

  private final ConcurrentSkipListMap<StudentId, Stored> rows = new ConcurrentSkipListMap<>();
  private final java.util.Map<StudentId, Long> enrollmentSequences = new java.util.HashMap<>();

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
    if (stored != null && stored.sequence() == sequence) {
      return WriteStatus.ALREADY_APPLIED;
    }
    if (stored != null && stored.sequence() > sequence) {
      return next.isPresent() && stored.student().isPresent()
          ? WriteStatus.SUPERSEDED
          : WriteStatus.MISSING;
    }
    if (stored == null || stored.student().isEmpty()) {
      return WriteStatus.MISSING;
    }
    if (next.isPresent() && nameTakenBesides(next.get())) {
      return WriteStatus.DUPLICATE;
    }
    List<CourseId> courses = stored.student().get().courseIds();
    if (next.isEmpty()) {
      tombstoneCourses.put(id, courses);
    }
    rows.put(id, new Stored(next.map(n -> withCourses(n, courses)), sequence));
    return WriteStatus.WRITTEN;
  }

  @Override
  public synchronized EnrollmentStatus addCourse(
      StudentId id, CourseId courseId, long logSequence, int cap) {
    Optional<Student> student = findById(id);
    if (student.isEmpty()) {
      return EnrollmentStatus.STUDENT_MISSING;
    }
    if (enrollmentSequences.getOrDefault(id, 0L) >= logSequence
        || student.get().courseIds().contains(courseId)) {
      return EnrollmentStatus.UNCHANGED;
    }
    if (student.get().courseIds().size() >= cap) {
      return EnrollmentStatus.STUDENT_FULL;
    }
    List<CourseId> more = new java.util.ArrayList<>(student.get().courseIds());
    more.add(courseId);
    return enrol(student.get(), more, logSequence);
  }

  @Override
  public synchronized EnrollmentStatus removeCourse(
      StudentId id, CourseId courseId, long logSequence) {
    Optional<Student> student = findById(id);
    if (student.isEmpty()
        || enrollmentSequences.getOrDefault(id, 0L) >= logSequence
        || !student.get().courseIds().contains(courseId)) {
      return EnrollmentStatus.UNCHANGED;
    }
    List<CourseId> fewer = new java.util.ArrayList<>(student.get().courseIds());
    fewer.remove(courseId);
    return enrol(student.get(), fewer, logSequence);
  }

  private EnrollmentStatus enrol(Student student, List<CourseId> courses, long logSequence) {
    enrollmentSequences.put(student.id(), logSequence);
    rows.put(
        student.id(),
        new Stored(Optional.of(withCourses(student, courses)), rows.get(student.id()).sequence()));
    return EnrollmentStatus.CHANGED;
  }

  private static Student withCourses(Student student, List<CourseId> courses) {
    StudentFields f = student.fields();
    return new Student(
        student.id(), new StudentFields(f.name(), f.firstName(), f.lastName(), courses));
  }

  private boolean nameTakenBesides(Student student) {
    return live()
        .anyMatch(s -> !s.id().equals(student.id()) && s.fields().sameFullName(student.fields()));
  }

  private java.util.stream.Stream<Student> live() {
    return rows.values().stream().flatMap(s -> s.student().stream());
  }

  @Override
  public synchronized List<CourseId> coursesOfDeleted(StudentId id) {
    return tombstoneCourses.getOrDefault(id, List.of());
  }
}
