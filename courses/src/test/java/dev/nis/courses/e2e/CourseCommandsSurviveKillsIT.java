package dev.nis.courses.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.PageRequest;
import dev.nis.courses.adapter.out.mongo.MongoCourseRepository;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseFields;
import dev.nis.courses.testing.TestMongo;
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
 * I1 and I4: the courses service runs as a separate process and is killed with SIGKILL twice while
 * commands are in flight, then restarted. Every accepted operation must end applied or rejected,
 * exactly as a replay of the command stream says, and MongoDB must hold exactly the replay's state
 * (a command applied twice or lost would show there).
 */
class CourseCommandsSurviveKillsIT {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final int ACCEPTED_AT_LEAST = 300;
  private static final int KILL_EVERY = 100;
  private static final Duration FIRING_LIMIT = Duration.ofSeconds(90);

  @Test
  void everyAcceptedOperationEndsExactlyOnce_acrossAbruptKills() throws Exception {
    long seed = Long.getLong("nis.seed", System.nanoTime());
    try (RunningCourses env = RunningCourses.prepare(mongo, Map.of());
        CoursesProcess process = new CoursesProcess(env.environment())) {
      process.start();
      Api api = new Api(process.baseUri());
      Map<String, String> accepted = new ConcurrentHashMap<>();
      List<String> courseIds = new CopyOnWriteArrayList<>();
      AtomicInteger kills = new AtomicInteger();
      long firingDeadline = System.nanoTime() + FIRING_LIMIT.toNanos();

      ExecutorService clients = Executors.newFixedThreadPool(6);
      for (int t = 0; t < 6; t++) {
        Random random = new Random(seed + t);
        clients.submit(
            () -> {
              while ((kills.get() < 2 || accepted.size() < ACCEPTED_AT_LEAST)
                  && System.nanoTime() < firingDeadline) {
                mutate(api, random, courseIds, accepted);
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
              env.nats().contract().courseCommandsStream(),
              env.nats().contract().courseCommandsSubject());
      assertThat(model.distinctOperations())
          .as("no command queued twice")
          .isEqualTo(model.commands.size());
      for (String op : accepted.keySet()) {
        assertThat(finalStates.get(op))
            .as("operation %s (seed %d)", op, seed)
            .isEqualTo(model.outcomes.get(op).name().toLowerCase());
      }
      Map<CourseId, CourseFields> stored =
          new MongoCourseRepository(mongo.database())
              .findPage(PageRequest.first(1000)).stream()
                  .collect(Collectors.toMap(Course::id, Course::fields));
      assertThat(stored).as("MongoDB equals the replay (seed %d)", seed).isEqualTo(model.courses);
      System.out.printf(
          "kill test: seed %d, %d accepted, %d in stream, %d courses, 2 kills%n",
          seed, accepted.size(), model.commands.size(), stored.size());
    }
  }

  private static void mutate(
      Api api, Random random, List<String> courseIds, Map<String, String> accepted) {
    try {
      int dice = random.nextInt(100);
      Api.Reply reply;
      if (dice < 45 || courseIds.isEmpty()) {
        reply = api.post("/api/courses", Api.course("Course " + random.nextInt(1000)));
        if (reply.status() == 202) {
          courseIds.add(reply.data().get("id").asText());
        }
      } else {
        String id = courseIds.get(random.nextInt(courseIds.size()));
        reply =
            dice < 85
                ? api.put("/api/courses/" + id, Api.course("Renamed " + random.nextInt(1000)))
                : api.delete("/api/courses/" + id);
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
        JsonNode data = api.get("/api/courses/operations/" + op).data();
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
