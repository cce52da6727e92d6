package dev.nis.courses.application;

import dev.nis.common.domain.PageRequest;
import dev.nis.courses.application.port.CourseRepository;
import dev.nis.courses.application.port.WriteStatus;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseId;
import dev.nis.courses.domain.StudentId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link CourseRepository} in memory with the same sequence guard and tombstones. */
final class InMemoryCourseRepository implements CourseRepository {
  private record Stored(Optional<Course> course, long sequence) {}

  private final ConcurrentSkipListMap<CourseId, Stored> rows = new ConcurrentSkipListMap<>();

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

  private WriteStatus write(CourseId id, Optional<Course> next, long sequence) {
    Stored stored = rows.get(id);
    if (stored != null && stored.sequence() >= sequence) {
      return WriteStatus.ALREADY_APPLIED;
    }
    if (stored == null || stored.course().isEmpty()) {
      return WriteStatus.MISSING;
    }
    rows.put(id, new Stored(next, sequence));
    return WriteStatus.WRITTEN;
  }
}
