package dev.nis.courses.testing;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.CommandFixture;
import dev.nis.common.testing.EntityFixture;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseFields;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Valid courses for tests: {@code algebra()}, or {@code aCourse().withStudents(...).build()}. */
public final class CourseFixtures {
  /** Courses for the shared contracts of common-lib's test-jar. */
  public static final EntityFixture<Course, CourseId, StudentId> COURSES =
      new EntityFixture<>() {
        @Override
        public Course named(String name, List<StudentId> students) {
          return aCourse().named(name).withStudents(students).build();
        }

        @Override
        public Course anEntity(List<StudentId> students) {
          return aCourse().withStudents(students).build();
        }

        @Override
        public Course withId(CourseId id, String name, List<StudentId> students) {
          return aCourse().withId(id).named(name).withStudents(students).build();
        }

        @Override
        public Course withRelated(Course course, List<StudentId> students) {
          CourseFields f = course.fields();
          return new Course(
              course.id(),
              new CourseFields(f.name(), f.description(), f.discipline(), f.teacher(), students));
        }

        @Override
        public CourseId idOf(Course course) {
          return course.id();
        }

        @Override
        public CourseId newId() {
          return CourseId.next();
        }

        @Override
        public StudentId anOther() {
          return aStudent();
        }

        @Override
        public List<StudentId> relatedOf(Course course) {
          return course.studentIds();
        }
      };

  /** Course commands for the shared contracts of common-lib's test-jar. */
  public static final CommandFixture<Course, CourseId, CourseCommand> COURSE_COMMANDS =
      new CommandFixture<>() {
        @Override
        public CourseCommand create(Course course) {
          return new CourseCommand.Create(OperationId.random(), course.id(), course.fields());
        }

        @Override
        public CourseCommand update(Course course) {
          return new CourseCommand.Update(OperationId.random(), course.id(), course.fields());
        }

        @Override
        public CourseCommand delete(CourseId id) {
          return new CourseCommand.Delete(OperationId.random(), id);
        }
      };

  private CourseFixtures() {}

  public static Course algebra() {
    return aCourse().build();
  }

  public static Course history() {
    return aCourse()
        .named("History")
        .describedAs("From Rome to now")
        .inDiscipline("Humanities")
        .taughtBy("Ms Smith")
        .build();
  }

  /** The fields of {@link #algebra()}, with these students. */
  public static CourseFields algebraFields(StudentId... students) {
    return aCourse().withStudents(students).fields();
  }

  /** The fields of {@link #history()}. */
  public static CourseFields historyFields() {
    return history().fields();
  }

  /** A valid course with this name and these students. */
  public static Course course(String name, StudentId... students) {
    return aCourse().named(name).withStudents(students).build();
  }

  public static CourseBuilder aCourse() {
    return new CourseBuilder();
  }

  public static StudentId aStudent() {
    return new StudentId(UUID.randomUUID());
  }

  /** Builds courses with a fresh id and valid fields unless told otherwise. */
  public static final class CourseBuilder {
    private CourseId id = CourseId.next();
    private String name = "Algebra";
    private String description = "Groups, rings and fields";
    private String discipline = "Mathematics";
    private String teacher = "Mr Noether";
    private List<StudentId> studentIds = List.of();

    private CourseBuilder() {}

    public CourseBuilder withId(CourseId id) {
      this.id = id;
      return this;
    }

    public CourseBuilder named(String name) {
      this.name = name;
      return this;
    }

    public CourseBuilder describedAs(String description) {
      this.description = description;
      return this;
    }

    public CourseBuilder inDiscipline(String discipline) {
      this.discipline = discipline;
      return this;
    }

    public CourseBuilder taughtBy(String teacher) {
      this.teacher = teacher;
      return this;
    }

    public CourseBuilder withStudents(StudentId... studentIds) {
      return withStudents(Arrays.asList(studentIds));
    }

    public CourseBuilder withStudents(List<StudentId> studentIds) {
      this.studentIds = List.copyOf(studentIds);
      return this;
    }

    public CourseFields fields() {
      return new CourseFields(name, description, discipline, teacher, studentIds);
    }

    public Course build() {
      return new Course(id, fields());
    }
  }
}
