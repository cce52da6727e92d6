package dev.nis.students.adapter.in.grpc;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The read side of {@link StudentQueries} over a map, with a switch to make every read fail. */
final class InMemoryStudentService implements StudentQueries {
  private final TreeMap<StudentId, Student> students = new TreeMap<>();
  private RuntimeException failure;
  PageRequest lastPageRequest;

  InMemoryStudentService with(Student... added) {
    for (Student student : added) {
      students.put(student.id(), student);
    }
    return this;
  }

  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  @Override
  public Optional<Student> getStudent(StudentId id) {
    failIfAsked();
    return Optional.ofNullable(students.get(id));
  }

  @Override
  public Page<Student> listStudents(PageRequest page) {
    failIfAsked();
    lastPageRequest = page;
    var after = page.afterId().map(StudentId::parse);
    List<Student> itemsPlusOne =
        (after.isPresent() ? students.tailMap(after.get(), false) : students)
            .values().stream().limit(page.limit() + 1L).toList();
    return Page.fromLookahead(itemsPlusOne, page.limit(), student -> student.id().toString());
  }

  @Override
  public List<Student> listStudentsByCourse(CourseId courseId) {
    failIfAsked();
    return students.values().stream()
        .filter(student -> student.courseIds().contains(courseId))
        .toList();
  }

  private void failIfAsked() {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    throw new UnsupportedOperationException("not a gRPC read");
  }
}
