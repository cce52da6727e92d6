package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.OperationStates;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.ServiceProcess;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * I1 and I4: the service runs as a separate process and is killed with SIGKILL twice while commands
 * are in flight, then restarted. Every accepted operation must end applied or rejected, exactly as
 * a replay of the command stream says, and the store must hold exactly the replay's state (a
 * command applied twice or lost would show there). Each service's {@code *CommandsSurviveKillsIT}
 * supplies the replay with its rules and what its store holds.
 */
public abstract class CommandsSurviveKillsContract {
  private static final int ACCEPTED_AT_LEAST = 300;
  private static final int KILL_EVERY = 100;
  private static final Duration FIRING_LIMIT = Duration.ofSeconds(90);

  private final ServiceFixture fixture;
  private final Supplier<CommandReplay<?, ?, ?>> newModel;
  private final String base;

  /** With the service and its model of the command stream (a fresh one per replay). */
  protected CommandsSurviveKillsContract(
      ServiceFixture fixture, Supplier<CommandReplay<?, ?, ?>> model) {
    this.fixture = fixture;
    this.newModel = model;
    this.base = fixture.service().basePath();
  }

  /** What the service's store holds, by id, in the same types as {@link CommandReplay#state}. */
  /**
   * What the service's store holds, read once every operation has ended; {@code process} is the
   * service, still running (a store only it can open is read after stopping it).
   */
  protected abstract Map<?, ?> stored(ServiceProcess process) throws Exception;

  /** How many distinct names creates and renames draw from. */
  protected int namePool() {
    return 1000;
  }

  @Test
  void everyAcceptedOperationEndsExactlyOnce_acrossAbruptKills() throws Exception {
    long seed = Long.getLong("nis.seed", System.nanoTime());
    try (RunningService env = fixture.prepare(Map.of());
        ServiceProcess process = env.process()) {
      process.start();
      ApiClient api = new ApiClient(process.baseUri());
      Map<String, String> accepted = new ConcurrentHashMap<>();
      List<String> ids = new CopyOnWriteArrayList<>();
      AtomicInteger kills = new AtomicInteger();
      long firingDeadline = System.nanoTime() + FIRING_LIMIT.toNanos();

      ExecutorService clients = Executors.newFixedThreadPool(6);
      for (int t = 0; t < 6; t++) {
        Random random = new Random(seed + t);
        clients.submit(
            () -> {
              while ((kills.get() < 2 || accepted.size() < ACCEPTED_AT_LEAST)
                  && System.nanoTime() < firingDeadline) {
                mutate(api, random, ids, accepted);
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

      Map<String, String> finalStates =
          OperationStates.awaitFinal(
              accepted.keySet(), Duration.ofSeconds(90), op -> status(api, op));

      CommandReplay<?, ?, ?> model = newModel.get().replay(env, op -> status(api, op));
      assertThat(model.distinctOperations()).as("no command queued twice").isEqualTo(model.size());
      for (String op : accepted.keySet()) {
        assertThat(finalStates.get(op))
            .as("operation %s (seed %d)", op, seed)
            .isEqualTo(model.outcomes().get(op).name().toLowerCase());
      }
      Map<?, ?> stored = stored(process);
      assertThat(stored)
          .as("%s equals the replay (seed %d)", fixture.service().storeName(), seed)
          .isEqualTo(model.state());
      System.out.printf(
          "kill test: seed %d, %d accepted, %d in stream%s, %d %s, 2 kills%n",
          seed,
          accepted.size(),
          model.size(),
          model.summary(),
          stored.size(),
          fixture.service().serviceName());
    }
  }

  private void mutate(
      ApiClient api, Random random, List<String> ids, Map<String, String> accepted) {
    try {
      int dice = random.nextInt(100);
      ApiClient.Reply reply;
      if (dice < 45 || ids.isEmpty()) {
        reply = api.post(base, fixture.body("Created " + random.nextInt(namePool())));
        if (reply.status() == 202) {
          ids.add(reply.data().get("id").asText());
        }
      } else {
        String id = ids.get(random.nextInt(ids.size()));
        reply =
            dice < 85
                ? api.put(base + "/" + id, fixture.body("Renamed " + random.nextInt(namePool())))
                : api.delete(base + "/" + id);
      }
      if (reply.status() == 202) {
        accepted.put(reply.data().get("operation_id").asText(), reply.data().get("id").asText());
      }
    } catch (UncheckedIOException serviceDown) {
      // the process is being killed or restarted: this request was not accepted
    }
  }

  private String status(ApiClient api, String operation) {
    return api.get(base + "/operations/" + operation).data().get("status").asText();
  }
}
