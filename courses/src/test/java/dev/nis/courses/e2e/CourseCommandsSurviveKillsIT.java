package dev.nis.courses.e2e;

import dev.nis.common.domain.PageRequest;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.e2e.CommandsSurviveKillsContract;
import dev.nis.courses.adapter.out.mongo.MongoCourseRepository;
import dev.nis.courses.domain.Course;
import dev.nis.courses.testing.TestMongo;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CommandsSurviveKillsContract} for courses: MongoDB must hold exactly what the replay of
 * the course command stream says.
 */
class CourseCommandsSurviveKillsIT extends CommandsSurviveKillsContract {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  CourseCommandsSurviveKillsIT() {
    super(new RunningCourses(mongo), CommandStreamModel::new);
  }

  @Override
  protected Map<?, ?> stored(ServiceProcess process) {
    return new MongoCourseRepository(mongo.database())
        .findPage(PageRequest.first(1000)).stream()
            .collect(Collectors.toMap(Course::id, Course::fields));
  }
}
