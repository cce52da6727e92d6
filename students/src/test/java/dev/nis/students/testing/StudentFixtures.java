package dev.nis.students.testing;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.CommandFixture;
import dev.nis.common.testing.EntityFixture;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Valid students for tests: {@code ada()}, or {@code aStudent().inCourses(...).build()}. Students
 * built without a name get one of their own, since no two live students may share a full name.
 */
public final class StudentFixtures {
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  /** Students for the shared contracts of common-lib's test-jar. */
  public static final EntityFixture<Student, StudentId, CourseId> STUDENTS =
      new EntityFixture<>() {
        @Override
        public Student named(String name, List<CourseId> courses) {
          return aStudent().named(name).inCourses(courses).build();
        }

        @Override
        public Student anEntity(List<CourseId> courses) {
          return aStudent().inCourses(courses).build();
        }

        @Override
        public Student withId(StudentId id, String name, List<CourseId> courses) {
          return aStudent().withId(id).named(name).inCourses(courses).build();
        }

        @Override
        public Student withRelated(Student student, List<CourseId> courses) {
          StudentFields f = student.fields();
          return new Student(
              student.id(), new StudentFields(f.name(), f.firstName(), f.lastName(), courses));
        }

        @Override
        public StudentId idOf(Student student) {
          return student.id();
        }

        @Override
        public StudentId newId() {
          return StudentId.next();
        }

        @Override
        public CourseId anOther() {
          return aCourse();
        }

        @Override
        public List<CourseId> relatedOf(Student student) {
          return student.courseIds();
        }
      };

  /** Student commands for the shared contracts of common-lib's test-jar. */
  public static final CommandFixture<Student, StudentId, StudentCommand> STUDENT_COMMANDS =
      new CommandFixture<>() {
        @Override
        public StudentCommand create(Student student) {
          return new StudentCommand.Create(OperationId.random(), student.id(), student.fields());
        }

        @Override
        public StudentCommand update(Student student) {
          return new StudentCommand.Update(OperationId.random(), student.id(), student.fields());
        }

        @Override
        public StudentCommand delete(StudentId id) {
          return new StudentCommand.Delete(OperationId.random(), id);
        }
      };

  private StudentFixtures() {}

  public static Student ada() {
    return aStudent().named("adal").build();
  }

  /** The fields of {@link #ada()}, with these courses. */
  public static StudentFields adaFields(CourseId... courses) {
    return aStudent().named("adal").inCourses(courses).fields();
  }

  /** Grace Hopper's fields: another full name than Ada's. */
  public static StudentFields graceFields(CourseId... courses) {
    return aStudent().named("ghopper").called("Grace", "Hopper").inCourses(courses).fields();
  }

  /** A valid student with this name and these courses. */
  public static Student student(String name, CourseId... courses) {
    return aStudent().named(name).inCourses(courses).build();
  }

  public static StudentBuilder aStudent() {
    return new StudentBuilder();
  }

  /** A fresh course id, as the courses service would make it. */
  public static CourseId aCourse() {
    byte[] bytes = new byte[12];
    ThreadLocalRandom.current().nextBytes(bytes);
    return new CourseId(HexFormat.of().formatHex(bytes));
  }

  /**
   * Builds students with a fresh id, a name of their own and valid fields unless told otherwise.
   */
  public static final class StudentBuilder {
    private StudentId id = StudentId.next();
    private String name = "student" + UNIQUE.incrementAndGet();
    private String firstName = "Ada";
    private String lastName = "Lovelace";
    private List<CourseId> courseIds = List.of();

    private StudentBuilder() {}

    public StudentBuilder withId(StudentId id) {
      this.id = id;
      return this;
    }

    public StudentBuilder named(String name) {
      this.name = name;
      return this;
    }

    public StudentBuilder called(String firstName, String lastName) {
      this.firstName = firstName;
      this.lastName = lastName;
      return this;
    }

    public StudentBuilder inCourses(CourseId... courseIds) {
      return inCourses(Arrays.asList(courseIds));
    }

    public StudentBuilder inCourses(List<CourseId> courseIds) {
      this.courseIds = List.copyOf(courseIds);
      return this;
    }

    public StudentFields fields() {
      return new StudentFields(name, firstName, lastName, courseIds);
    }

    public Student build() {
      return new Student(id, fields());
    }
  }
}
