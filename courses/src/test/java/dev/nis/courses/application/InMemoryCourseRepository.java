package dev.nis.courses.application;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.port.out.CourseRepository;
import dev.nis.courses.application.port.out.EnrollmentStatus;
import dev.nis.courses.application.port.out.WriteStatus;
import dev.nis.courses.domain.Course;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link CourseRepository} in memory with the same sequence guard and tombstones. */
final class InMemoryCourseRepository implements CourseRepository {
  private record Stored(Optional<Course> course, long sequence) {}

  private final ConcurrentSkipListMap<CourseId, Stored> rows = new ConcurrentSkipListMap<>();
  private final java.util.Map<CourseId, Long> enrollmentSequences = new java.util.HashMap<>();
  private final java.util.Map<CourseId, List<StudentId>> tombstoneStudents =
      new java.util.HashMap<>();

  @Override
  public Optional<Course> findById(CourseId id) {
    Stored stored = rows.get(id);
    return stored == null ? Optional.empty() : stored.course();
  }

  @Override
  public List<Course> findPage(PageRequest page) {
    var tail = page.afterId().map(id -> rows.tailMap(new CourseId(id), false)).orElse(rows);
    return tail.values().stream()
        .flatMap(s -> s.course().stream())
        .limit(page.limit() + 1L)
        .toList();
  }

  @Override
  public List<Course> findByStudent(StudentId studentId) {
    return rows.values().stream()
        .flatMap(s -> s.course().stream())
        .filter(c -> c.studentIds().contains(studentId))
        .toList();
  }

  @Override
  public synchronized WriteStatus insert(Course course, long sequence) {
    if (rows.containsKey(course.id())) {
      return WriteStatus.ALREADY_APPLIED;
    }
    rows.put(course.id(), new Stored(Optional.of(course), sequence));
    return WriteStatus.WRITTEN;
  }

  @Override
  public synchronized WriteStatus replace(Course course, long sequence) {
    return write(course.id(), Optional.of(course), sequence);
  }

  @Override
  public synchronized WriteStatus delete(CourseId id, long sequence) {
    return write(id, Optional.empty(), sequence);
  }

  @Override
  public synchronized EnrollmentStatus addStudent(
      CourseId id, StudentId studentId, long logSequence, int cap) {
    Optional<Course> course = findById(id);
    if (course.isEmpty()) {
      return EnrollmentStatus.COURSE_MISSING;
    }
    if (!advance(id, logSequence)) {
      return EnrollmentStatus.UNCHANGED;
    }
    List<StudentId> students = course.get().studentIds();
    if (students.contains(studentId)) {
      return EnrollmentStatus.UNCHANGED;
    }
    if (students.size() >= cap) {
      return EnrollmentStatus.COURSE_FULL;
    }
    List<StudentId> more = new java.util.ArrayList<>(students);
    more.add(studentId);
    return enrol(course.get(), more);
  }

  @Override
  public synchronized EnrollmentStatus removeStudent(
      CourseId id, StudentId studentId, long logSequence) {
    Optional<Course> course = findById(id);
    if (course.isEmpty()
        || !course.get().studentIds().contains(studentId)
        || !advance(id, logSequence)) {
      return EnrollmentStatus.UNCHANGED;
    }
    List<StudentId> fewer = new java.util.ArrayList<>(course.get().studentIds());
    fewer.remove(studentId);
    return enrol(course.get(), fewer);
  }

  /** The log-sequence guard: false when this entry (or a later one) was applied already. */
  private boolean advance(CourseId id, long logSequence) {
    if (enrollmentSequences.getOrDefault(id, 0L) >= logSequence) {
      return false;
    }
    enrollmentSequences.put(id, logSequence);
    return true;
  }

  private EnrollmentStatus enrol(Course course, List<StudentId> students) {
    var f = course.fields();
    Course changed =
        new Course(
            course.id(),
            new dev.nis.courses.domain.CourseFields(
                f.name(), f.description(), f.discipline(), f.teacher(), students));
    rows.put(course.id(), new Stored(Optional.of(changed), rows.get(course.id()).sequence()));
    return EnrollmentStatus.CHANGED;
  }

  private WriteStatus write(CourseId id, Optional<Course> next, long sequence) {
    Stored stored = rows.get(id);
    if (stored != null && stored.sequence() == sequence) {
      return WriteStatus.ALREADY_APPLIED;
    }
    if (stored != null && stored.sequence() > sequence) {
      return next.isPresent() && stored.course().isPresent()
          ? WriteStatus.SUPERSEDED
          : WriteStatus.MISSING;
    }
    if (stored == null || stored.course().isEmpty()) {
      return WriteStatus.MISSING;
    }
    if (next.isEmpty()) {
      tombstoneStudents.put(id, stored.course().get().studentIds());
    }
    Optional<Course> kept =
        next.map(
            c ->
                new Course(
                    c.id(),
                    new dev.nis.courses.domain.CourseFields(
                        c.fields().name(),
                        c.fields().description(),
                        c.fields().discipline(),
                        c.fields().teacher(),
                        stored.course().get().studentIds())));
    rows.put(id, new Stored(kept, sequence));
    return WriteStatus.WRITTEN;
  }

  @Override
  public synchronized List<StudentId> studentsOfDeleted(CourseId id) {
    return tombstoneStudents.getOrDefault(id, List.of());
  }
}
