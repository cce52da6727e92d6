package dev.nis.courses.e2e;

import com.mongodb.client.MongoClient;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.e2e.CommandsSurviveKillsContract;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.courses.adapter.out.mongo.MongoConnector;
import dev.nis.courses.adapter.out.mongo.MongoCourseRepository;
import dev.nis.courses.domain.Course;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CommandsSurviveKillsContract} in the default mode, as README's run command starts courses:
 * no {@code MONGO_URI}, the embedded MongoDB on its data file. The file must hold exactly what the
 * replay of the command stream says after the kills; it is read with the service stopped (only one
 * process may open it).
 */
class CourseCommandsSurviveKillsOnDiskIT extends CommandsSurviveKillsContract {
  @TempDir static Path dataDir;

  CourseCommandsSurviveKillsOnDiskIT() {
    super(RunningCourses.embeddedIn(() -> dataDir), CommandStreamModel::new);
  }

  @Override
  protected Map<?, ?> stored(ServiceProcess process) throws Exception {
    process.close();
    try (InProcessMongo file = InProcessMongo.onDisk(dataDir);
        MongoClient client = MongoConnector.connect(file.connectionString())) {
      return new MongoCourseRepository(client.getDatabase("nis"))
          .findPage(PageRequest.first(1000)).stream()
              .collect(Collectors.toMap(Course::id, Course::fields));
    }
  }
}
