package dev.nis.students.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.adapter.out.postgres.PostgresStudentRepository;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.testing.TestPostgres;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * I1 and I4: the students service runs as a separate process and is killed with SIGKILL twice while
 * commands are in flight, then restarted. Every accepted operation must end applied or rejected,
 * exactly as a replay of the command stream says (names are drawn from a small pool, so some
 * creates and renames collide and are rejected as duplicates when applied), and PostgreSQL must
 * hold exactly the replay's state (a command applied twice or lost would show there).
 */
class StudentCommandsSurviveKillsIT {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final int ACCEPTED_AT_LEAST = 300;
  private static final int KILL_EVERY = 100;
  private static final int NAMES = 400;
  private static final Duration FIRING_LIMIT = Duration.ofSeconds(90);

  @Test
  void everyAcceptedOperationEndsExactlyOnce_acrossAbruptKills() throws Exception {
    long seed = Long.getLong("nis.seed", System.nanoTime());
    try (RunningStudents env = RunningStudents.prepare(postgres, Map.of());
        StudentsProcess process = new StudentsProcess(env.environment())) {
      process.start();
      Api api = new Api(process.baseUri());
      Map<String, String> accepted = new ConcurrentHashMap<>();
      List<String> studentIds = new CopyOnWriteArrayList<>();
      AtomicInteger kills = new AtomicInteger();
      long firingDeadline = System.nanoTime() + FIRING_LIMIT.toNanos();

      ExecutorService clients = Executors.newFixedThreadPool(6);
      for (int t = 0; t < 6; t++) {
        Random random = new Random(seed + t);
        clients.submit(
            () -> {
              while ((kills.get() < 2 || accepted.size() < ACCEPTED_AT_LEAST)
                  && System.nanoTime() < firingDeadline) {
                mutate(api, random, studentIds, accepted);
              }
            });
      }
      while (kills.get() < 2 && System.nanoTime() < firingDeadline) {
        if (accepted.size() >= KILL_EVERY * (kills.get() + 1)) {
          process.kill();
          System.out.printf("kill test: killed with %d accepted%n", accepted.size());
          kills.incrementAndGet();
          Thread.sleep(300);
          process.start();
        }
        Thread.sleep(5);
      }
      clients.shutdown();
      assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
      assertThat(kills.get()).as("kills (seed %d)", seed).isEqualTo(2);

      Map<String, String> finalStates = awaitFinal(api, accepted.keySet(), Duration.ofSeconds(90));

      CommandStreamModel model =
          CommandStreamModel.replay(
              env.nats().connection(),
              env.nats().contract().studentCommandsStream(),
              env.nats().contract().studentCommandsSubject());
      assertThat(model.distinctOperations())
          .as("no command queued twice")
          .isEqualTo(model.commands.size());
      for (String op : accepted.keySet()) {
        assertThat(finalStates.get(op))
            .as("operation %s (seed %d)", op, seed)
            .isEqualTo(model.outcomes.get(op).name().toLowerCase());
      }
      Map<StudentId, StudentFields> stored =
          new PostgresStudentRepository(postgres.sql())
              .findPage(PageRequest.first(1000)).stream()
                  .collect(Collectors.toMap(Student::id, Student::fields));
      assertThat(stored)
          .as("PostgreSQL equals the replay (seed %d)", seed)
          .isEqualTo(model.students);
      System.out.printf(
          "kill test: seed %d, %d accepted, %d in stream, %d rejected as duplicates when applied,"
              + " %d students, 2 kills%n",
          seed, accepted.size(), model.commands.size(), model.rejectedAsDuplicates, stored.size());
    }
  }

  private static void mutate(
      Api api, Random random, List<String> studentIds, Map<String, String> accepted) {
    try {
      int dice = random.nextInt(100);
      Api.Reply reply;
      if (dice < 45 || studentIds.isEmpty()) {
        reply = api.post("/api/students", Api.student("student " + random.nextInt(NAMES)));
        if (reply.status() == 202) {
          studentIds.add(reply.data().get("id").asText());
        }
      } else {
        String id = studentIds.get(random.nextInt(studentIds.size()));
        reply =
            dice < 85
                ? api.put("/api/students/" + id, Api.student("renamed " + random.nextInt(NAMES)))
                : api.delete("/api/students/" + id);
      }
      if (reply.status() == 202) {
        accepted.put(reply.data().get("operation_id").asText(), reply.data().get("id").asText());
      }
    } catch (UncheckedIOException serviceDown) {
      // the process is being killed or restarted: this request was not accepted
    }
  }

  private static Map<String, String> awaitFinal(
      Api api, Iterable<String> operations, Duration timeout) throws InterruptedException {
    Map<String, String> states = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> open = new ArrayList<>();
    operations.forEach(open::add);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      List<String> still = new ArrayList<>();
      for (String op : open) {
        JsonNode data = api.get("/api/students/operations/" + op).data();
        String state = data.get("status").asText();
        if (Operation.State.PENDING.wireName().equals(state)) {
          still.add(op);
        } else {
          states.put(op, state);
        }
      }
      open = still;
      if (!open.isEmpty()) {
        Thread.sleep(200);
      }
    }
    assertThat(open).as("operations still pending after %s", timeout).isEmpty();
    return states;
  }
}
