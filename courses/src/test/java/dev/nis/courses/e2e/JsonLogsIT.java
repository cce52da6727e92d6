package dev.nis.courses.e2e;

import dev.nis.common.testing.e2e.JsonLogsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JsonLogsContract} for courses, as a separate process in its default mode: no {@code
 * MONGO_URI}, the embedded MongoDB over a data directory of its own.
 */
class JsonLogsIT extends JsonLogsContract {
  @TempDir static Path dataDir;

  JsonLogsIT() {
    super(RunningCourses.embeddedIn(() -> dataDir));
  }
}
