package dev.nis.students.e2e;

import dev.nis.common.domain.PageRequest;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.e2e.CommandsSurviveKillsContract;
import dev.nis.students.adapter.out.postgres.PostgresStudentRepository;
import dev.nis.students.domain.Student;
import dev.nis.students.testing.TestPostgres;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CommandsSurviveKillsContract} for students: PostgreSQL must hold exactly what the replay
 * of the student command stream says. Names are drawn from a small pool, so some creates and
 * renames collide and are rejected as duplicates when applied.
 */
class StudentCommandsSurviveKillsIT extends CommandsSurviveKillsContract {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  StudentCommandsSurviveKillsIT() {
    super(new RunningStudents(postgres), CommandStreamModel::new);
  }

  @Override
  protected int namePool() {
    return 400;
  }

  @Override
  protected Map<?, ?> stored(ServiceProcess process) {
    return new PostgresStudentRepository(postgres.sql())
        .findPage(PageRequest.first(1000)).stream()
            .collect(Collectors.toMap(Student::id, Student::fields));
  }
}
