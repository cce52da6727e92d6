package dev.nis.courses.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.jetstream.JetStreamOperationLog;
import dev.nis.common.jetstream.Partitions;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.ApiClient.Reply;
import dev.nis.common.testing.GrpcHealth;
import dev.nis.common.testing.OperationStates;
import dev.nis.common.testing.Ports;
import dev.nis.common.testing.PrivateNatsServer;
import dev.nis.common.testing.PrivateRedisServer;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How fast applying recovers (issue 10's targets, measured and printed): the work a killed process
 * held is redelivered within 5 s of its restart, and applying resumes within 2 s of Redis, NATS or
 * the database returning. Each test parks accepted creates (the dependency down, or the process
 * killed with them in hand), brings the dependency or the process back, and times from that moment
 * to the last operation ending; after a kill, to the end of the work the process held (the whole
 * backlog's end is printed beside it: it adds the applying of the creates queued behind). The
 * service runs as its own process against a Redis, a NATS (where the test stops it) and a MongoDB
 * of the test's own.
 */
class RecoveryIT {
  private static final int PARKED = 40;
  private static final int KILL_BURST = 400;
  private static final Duration REDELIVERED_WITHIN = Duration.ofSeconds(5);
  private static final Duration RESUMED_WITHIN = Duration.ofSeconds(2);

  private PrivateRedisServer redis;
  private InProcessMongo mongo;
  private int mongoPort;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    redis = PrivateRedisServer.onFreePort().start();
    mongoPort = Ports.free();
    mongo = InProcessMongo.start(mongoPort);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable resource : closing.reversed()) {
      resource.close();
    }
    if (mongo != null) {
      mongo.close();
    }
    redis.close();
  }

  private ServiceProcess courses(String natsUrl, String namespace) throws Exception {
    ServiceProcess process =
        Service.COURSES
            .process()
            .onFreePorts()
            .env(
                Map.of(
                    "NATS_URL",
                    natsUrl,
                    "NIS_NAMESPACE",
                    namespace,
                    "REDIS_URL",
                    redis.url(),
                    "MONGO_URI",
                    "mongodb://127.0.0.1:" + mongoPort,
                    "CACHE_KEY_PREFIX",
                    namespace + ":courses:",
                    "STUDENTS_GRPC_TARGET",
                    "127.0.0.1:" + Ports.free(),
                    "LOG_LEVEL",
                    "WARN"))
            .build();
    closing.add(process);
    return process.start();
  }

  private TestNats machineNats() throws Exception {
    TestNats nats = TestNats.provisioned();
    closing.add(nats);
    return nats;
  }

  /** Creates accepted (202) and not applied yet, with applying held up by what the test did. */
  private static List<String> parked(ApiClient api) {
    return parked(api, PARKED);
  }

  private static List<String> parked(ApiClient api, int count) {
    return parkedCreates(api, count).stream().map(Accepted::operation).toList();
  }

  /** An accepted create: its operation and the course it makes. */
  private record Accepted(String operation, String course) {}

  private static List<Accepted> parkedCreates(ApiClient api, int count) {
    List<Accepted> accepted = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Reply reply = api.post("/api/courses", CourseJson.course("Parked " + i));
      assertThat(reply.status()).as(reply.body()).isEqualTo(202);
      accepted.add(
          new Accepted(reply.data().get("operation_id").asText(), reply.data().get("id").asText()));
    }
    return accepted;
  }

  /**
   * The work a killed process held: in each partition, the first create (in the order accepted,
   * which is the stream's) still pending. It is the message that process had in hand, or the one
   * JetStream hands out next once that message (applied, but not acked at the kill) is redelivered
   * and skipped; either way it waits for the ack wait of the dead process's delivery to run out.
   */
  private static Map<String, Integer> heldAtTheKill(
      JetStreamOperationLog log, List<Accepted> accepted) throws Exception {
    Map<Integer, String> firstPending = new TreeMap<>();
    for (Accepted create : accepted) {
      int partition = Partitions.of(create.course());
      if (!firstPending.containsKey(partition)
          && log.find(OperationId.parse(create.operation()))
              .map(op -> op.state() == Operation.State.PENDING)
              .orElseThrow()) {
        firstPending.put(partition, create.operation());
      }
    }
    Map<String, Integer> partitionOf = new HashMap<>();
    firstPending.forEach((partition, operation) -> partitionOf.put(operation, partition));
    return partitionOf;
  }

  /** Milliseconds from now until every operation has ended (applied or rejected). */
  private static long millisUntilAllEnd(ApiClient api, List<String> operations) throws Exception {
    return millisUntilAllEnd(api, operations, System.nanoTime());
  }

  /** Milliseconds from {@code from} (nanoTime) until every operation has ended. */
  private static long millisUntilAllEnd(ApiClient api, List<String> operations, long from)
      throws Exception {
    Map<String, String> states =
        OperationStates.awaitFinal(
            operations,
            Duration.ofSeconds(30),
            op -> {
              Reply reply = api.get("/api/courses/operations/" + op);
              return reply.status() == 200 ? reply.data().get("status").asText() : null;
            });
    assertThat(states.values()).containsOnly("applied");
    return (System.nanoTime() - from) / 1_000_000;
  }

  private static void assertStillPending(ApiClient api, List<String> operations) throws Exception {
    Thread.sleep(500);
    Reply reply = api.get("/api/courses/operations/" + operations.getLast());
    assertThat(reply.data().get("status").asText()).as("applying is held up").isEqualTo("pending");
  }

  @Test
  void workAKilledProcessHeld_isRedeliveredSoonAfterItsRestart() throws Exception {
    TestNats nats = machineNats();
    ServiceProcess process = courses(TestNats.URL, nats.namespace());
    ApiClient api = new ApiClient(process.baseUri());
    redis.stop(); // applying waits for Redis: a backlog builds up
    List<Accepted> accepted = parkedCreates(api, KILL_BURST);
    List<String> operations = accepted.stream().map(Accepted::operation).toList();
    redis.start(); // applying starts on every partition at once

    awaitFirstApplied(api, operations);
    process.kill(); // with a message of each busy partition in hand
    var log = new JetStreamOperationLog(nats.connection(), nats.contract());
    assertThat(log.find(OperationId.parse(operations.getLast())))
        .as("applying in progress at the kill")
        .hasValueSatisfying(op -> assertThat(op.state()).isEqualTo(Operation.State.PENDING));
    Map<String, Integer> held = heldAtTheKill(log, accepted);
    process.start();
    long ready = System.nanoTime();
    // when each partition's held work was first seen ended, so that a slow recovery says whether
    // one partition or all were late (CI, 2026-12-05: 6.1 s once, 2.1-2.6 s in every other run)
    Map<Integer, Long> endedByPartition = new ConcurrentSkipListMap<>();
    Map<String, String> heldStates =
        OperationStates.awaitFinal(
            held.keySet(),
            Duration.ofSeconds(30),
            op -> {
              String state = state(api, op);
              if (state != null && !state.equals(Operation.State.PENDING.wireName())) {
                endedByPartition.putIfAbsent(held.get(op), (System.nanoTime() - ready) / 1_000_000);
              }
              return state;
            });
    assertThat(heldStates.values()).containsOnly("applied");
    long heldMillis = Collections.max(endedByPartition.values());
    long allMillis = millisUntilAllEnd(api, operations, ready);

    System.out.printf(
        "recovery: kill -9, from ready again: %d ms until the work held at the kill ended (%d"
            + " partitions, the first at %d ms), %d ms until all %d had ended%n",
        heldMillis, held.size(), Collections.min(endedByPartition.values()), allMillis, KILL_BURST);
    assertThat(Duration.ofMillis(heldMillis))
        .as("the held work of each partition ended, ms after ready again: %s", endedByPartition)
        .isLessThan(REDELIVERED_WITHIN);
  }

  private static void awaitFirstApplied(ApiClient api, List<String> operations)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (operations.stream().limit(32).noneMatch(op -> "applied".equals(state(api, op)))) {
      assertThat(System.nanoTime()).as("applying started").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static String state(ApiClient api, String operation) {
    Reply reply = api.get("/api/courses/operations/" + operation);
    return reply.status() == 200 ? reply.data().get("status").asText() : null;
  }

  @Test
  void applyingResumesSoonAfterRedisReturns() throws Exception {
    TestNats nats = machineNats();
    ApiClient api = new ApiClient(courses(TestNats.URL, nats.namespace()).baseUri());
    redis.stop();
    List<String> operations = parked(api);
    assertStillPending(api, operations);
    Thread.sleep(8000); // long enough for a client's reconnect back-off to have grown

    redis.start();
    long millis = millisUntilAllEnd(api, operations);

    System.out.printf("recovery: Redis back, %d ms to the last operation ending%n", millis);
    assertThat(Duration.ofMillis(millis)).isLessThan(RESUMED_WITHIN);
  }

  @Test
  void applyingResumesSoonAfterTheDatabaseReturns() throws Exception {
    TestNats nats = machineNats();
    ServiceProcess process = courses(TestNats.URL, nats.namespace());
    ApiClient api = new ApiClient(process.baseUri());
    mongo.close();
    mongo = null;
    List<String> operations = parked(api);
    assertStillPending(api, operations);
    // I6: the database down is not ready, over HTTP and in the gRPC health service
    assertThat(api.get("/api/courses/ready").status()).isEqualTo(503);
    assertThat(
            GrpcHealth.await(process.grpcPort(), ServingStatus.NOT_SERVING, Duration.ofSeconds(3)))
        .isEqualTo(ServingStatus.NOT_SERVING);
    Thread.sleep(4000);

    mongo = InProcessMongo.start(mongoPort);
    long millis = millisUntilAllEnd(api, operations);

    System.out.printf("recovery: MongoDB back, %d ms to the last operation ending%n", millis);
    assertThat(Duration.ofMillis(millis)).isLessThan(RESUMED_WITHIN);
    assertThat(api.get("/api/courses/ready").status()).isEqualTo(200);
    assertThat(GrpcHealth.await(process.grpcPort(), ServingStatus.SERVING, Duration.ofSeconds(3)))
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void applyingResumesSoonAfterNatsReturns() throws Exception {
    PrivateNatsServer server = PrivateNatsServer.onFreePort().start();
    closing.add(server);
    TestNats nats = TestNats.provisionedAt(server.url());
    closing.add(nats);
    ServiceProcess process = courses(server.url(), nats.namespace());
    ApiClient api = new ApiClient(process.baseUri());
    Reply applied = api.post("/api/courses", CourseJson.course("Before"), "Prefer", "wait=10");
    assertThat(applied.status()).as(applied.body()).isEqualTo(201);
    String course = "/api/courses/" + applied.data().get("id").asText();
    redis.stop(); // park the creates in the stream first
    List<String> operations = parked(api);
    assertStillPending(api, operations);

    server.stop();
    redis.start();
    long down = System.nanoTime();
    // I6: NATS down, reads go on and the service stays ready (an orchestrator that took it out
    // would refuse the reads too); mutations are a 503 with Retry-After
    Thread.sleep(1000);
    assertThat(api.get(course).status()).isEqualTo(200);
    assertThat(api.get("/api/courses?limit=5").status()).isEqualTo(200);
    assertThat(api.get("/api/courses/ready").status()).isEqualTo(200);
    assertThat(GrpcHealth.check(process.grpcPort())).isEqualTo(ServingStatus.SERVING);
    Reply refused = api.post("/api/courses", CourseJson.course("During"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.header("Retry-After")).isNotBlank();
    Thread.sleep(Math.max(0, 5000 - (System.nanoTime() - down) / 1_000_000));
    server.start();
    long millis = millisUntilAllEnd(api, operations);

    System.out.printf("recovery: NATS back, %d ms to the last operation ending%n", millis);
    assertThat(Duration.ofMillis(millis)).isLessThan(RESUMED_WITHIN);
  }
}
