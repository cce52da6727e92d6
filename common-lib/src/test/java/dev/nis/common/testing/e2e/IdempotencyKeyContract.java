package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.jetstream.JetStreamCommandQueue;
import dev.nis.common.jetstream.JetStreamIdempotencyStore;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code Idempotency-Key} header end to end, over the service's store and the machine's NATS: a
 * repeat of a request is answered with its first operation and adds nothing to the command stream;
 * the key with another request is a 422; a malformed key is a 400 and a bad body leaves the key
 * unused (I5); concurrent repeats are one operation, through one replica or two; keys are scoped to
 * Kong's consumer. Each service's {@code IdempotencyKeyIT} runs it; the service (two replicas over
 * one store and one NATS namespace) runs once for the class, each scenario with keys of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class IdempotencyKeyContract {
  private static final String KEY = "Idempotency-Key";

  private final ServiceFixture fixture;
  private final String base;
  private RunningService env;
  private ApiClient api;
  private ApiClient replica;
  private long queuedBefore;

  protected IdempotencyKeyContract(ServiceFixture fixture) {
    this.fixture = fixture;
    this.base = fixture.service().basePath();
  }

  @BeforeAll
  void start() throws Exception {
    env = fixture.start();
    api = env.api();
    replica = env.startReplica();
  }

  @AfterAll
  void stop() throws Exception {
    env.close();
  }

  @BeforeEach
  void countQueued() throws Exception {
    queuedBefore = env.queuedCommands();
  }

  private long queuedSince() throws Exception {
    return env.queuedCommands() - queuedBefore;
  }

  private static String aKey() {
    return "\"" + UUID.randomUUID() + "\"";
  }

  /** A name of 3-20 characters no other scenario uses. */
  private static String aName() {
    return "idem-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String created(String name) {
    ApiClient.Reply created = api.post(base, fixture.body(name), "Prefer", "wait=10");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.data().get("id").asText();
  }

  @Test
  void aRepeatedCreate_isAnsweredWithTheFirstOperation_andQueuesNothing() throws Exception {
    String key = aKey();
    String name = aName();

    ApiClient.Reply first = api.post(base, fixture.body(name), KEY, key);
    ApiClient.Reply repeat = api.post(base, fixture.body(name), KEY, key);

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(repeat.status()).isEqualTo(202);
    assertThat(repeat.body()).isEqualTo(first.body());
    assertThat(repeat.header("Location")).isEqualTo(first.header("Location"));
    assertThat(queuedSince()).isOne();

    ApiClient.Reply waited = api.post(base, fixture.body(name), KEY, key, "Prefer", "wait=10");

    String id = first.data().get("id").asText();
    assertThat(waited.status()).as(waited.body()).isEqualTo(201);
    assertThat(waited.data().get("id").asText()).isEqualTo(id);
    assertThat(waited.header("Location")).isEqualTo(base + "/" + id);
    assertThat(queuedSince()).isOne();
    assertThat(api.get(base + "?limit=1000").data().findValuesAsText("name"))
        .as("one entity, not two")
        .containsOnlyOnce(name);
  }

  @Test
  void theKeyWithAnotherBody_isA422Problem_andQueuesNothing() throws Exception {
    String key = aKey();
    assertThat(api.post(base, fixture.body(aName()), KEY, key).status()).isEqualTo(202);

    ApiClient.Reply other = api.post(base, fixture.body(aName()), KEY, key);

    assertThat(other.status()).as(other.body()).isEqualTo(422);
    assertThat(other.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(other.json().get("detail").asText()).contains("Idempotency-Key");
    assertThat(queuedSince()).isOne();
  }

  @Test
  void aMalformedKey_isA400_andABadBody_leavesTheKeyUnused() throws Exception {
    for (String malformed : List.of("\"\"", "\"" + "k".repeat(256) + "\"", "two words")) {
      ApiClient.Reply refused = api.post(base, fixture.body(aName()), KEY, malformed);
      assertThat(refused.status()).as(malformed).isEqualTo(400);
      assertThat(refused.json().get("header").asText()).isEqualTo(KEY);
    }
    String key = aKey();
    ApiClient.Reply badBody = api.post(base, "{\"name\": \"ab\"}", KEY, key);
    assertThat(badBody.status()).isEqualTo(400);
    assertThat(queuedSince()).isZero();
    assertThat(storedClaim(key)).as("no trace of the key (I5)").isFalse();

    assertThat(api.post(base, fixture.body(aName()), KEY, key).status()).isEqualTo(202);
    assertThat(queuedSince()).isOne();
    assertThat(storedClaim(key)).isTrue();
  }

  @Test
  void aRepeatThroughAnotherReplica_isAnsweredWithTheFirstOperation() throws Exception {
    String key = aKey();
    String body = fixture.body(aName());

    ApiClient.Reply first = api.post(base, body, KEY, key);
    ApiClient.Reply repeat = replica.post(base, body, KEY, key);

    assertThat(first.status()).isEqualTo(202);
    assertThat(repeat.body()).isEqualTo(first.body());
    assertThat(queuedSince()).isOne();
  }

  @Test
  void concurrentRepeatsThroughTwoReplicas_areOneOperation() throws Exception {
    String key = aKey();
    String body = fixture.body(aName());
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      List<Future<ApiClient.Reply>> replies =
          clients.invokeAll(
              IntStream.range(0, 6)
                  .mapToObj(
                      i ->
                          (Callable<ApiClient.Reply>)
                              () -> (i % 2 == 0 ? api : replica).post(base, body, KEY, key))
                  .toList());
      String firstBody = replies.getFirst().get().body();
      for (Future<ApiClient.Reply> reply : replies) {
        assertThat(reply.get().status()).as(reply.get().body()).isEqualTo(202);
        assertThat(reply.get().body()).isEqualTo(firstBody);
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(queuedSince()).isOne();
  }

  @Test
  void aRepeatedDeleteWithWait_answers204Again_notA404() throws Exception {
    String id = created(aName());
    String key = aKey();

    ApiClient.Reply first = api.delete(base + "/" + id, KEY, key, "Prefer", "wait=10");
    ApiClient.Reply repeat = api.delete(base + "/" + id, KEY, key, "Prefer", "wait=10");

    assertThat(first.status()).as(first.body()).isEqualTo(204);
    assertThat(repeat.status()).as(repeat.body()).isEqualTo(204);
    assertThat(api.delete(base + "/" + id).status()).as("without the key").isEqualTo(404);
    assertThat(queuedSince()).isEqualTo(2);
  }

  @Test
  void repeatedUpdatesAndEnrollments_areOneOperationEach() throws Exception {
    String name = aName();
    String id = created(name);
    String other = fixture.service() == Service.COURSES ? "students" : "courses";
    String enrollment = base + "/" + id + "/" + other + "/" + anOtherSideId();
    String update = aKey();
    String enroll = aKey();

    Set<String> enrollOperations = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      ApiClient.Reply updated =
          api.put(base + "/" + id, fixture.body(name + "x"), KEY, update, "Prefer", "wait=10");
      assertThat(updated.status()).as(updated.body()).isEqualTo(200);
      // without a wait: with one, an enroll answers once the other service decided it, and that
      // service does not run here
      ApiClient.Reply enrolled = api.put(enrollment, "", KEY, enroll);
      assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(202);
      enrollOperations.add(enrolled.data().get("operation_id").asText());
    }
    assertThat(enrollOperations).as("the repeat is answered with the first operation").hasSize(1);
    assertThat(queuedSince()).isEqualTo(3);
  }

  /**
   * A repeat of a keyed request whose operation is still pending queues its command again, at any
   * age, as a reissue; past the command stream's duplicate window that copy is stored at a sequence
   * of its own. Here the first update is applied and a later one after it, then the first's command
   * reaches the stream again past the window (cut to a second), marked as a reissue: the later
   * update stays, and the first operation keeps its outcome.
   */
  @Test
  void aLateReissueOfAnAppliedUpdate_changesNothingOverALaterOne() throws Exception {
    String name = aName();
    String id = created(name);
    String stream = env.nats().contract().commandsStreamOf(fixture.service().serviceName(), id);
    String subject = env.nats().contract().commandsSubjectOf(fixture.service().serviceName(), id);
    JetStreamManagement management = env.nats().connection().jetStreamManagement();

    ApiClient.Reply first =
        api.put(base + "/" + id, fixture.body(name + "1"), KEY, aKey(), "Prefer", "wait=10");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    MessageInfo firstCommand = management.getLastMessage(stream, subject);
    ApiClient.Reply later = api.put(base + "/" + id, fixture.body(name + "2"), "Prefer", "wait=10");
    assertThat(later.status()).as(later.body()).isEqualTo(200);

    StreamConfiguration configured = management.getStreamInfo(stream).getConfiguration();
    management.updateStream(
        StreamConfiguration.builder(configured).duplicateWindow(Duration.ofSeconds(1)).build());
    try {
      Thread.sleep(2_000);
      Headers headers = new Headers(firstCommand.getHeaders());
      headers.put(JetStreamCommandQueue.REISSUE_HEADER, "true");
      PublishAck stored =
          env.nats()
              .connection()
              .jetStream()
              .publish(
                  NatsMessage.builder()
                      .subject(subject)
                      .headers(headers)
                      .data(firstCommand.getData())
                      .build());
      assertThat(stored.isDuplicate()).as("past the window: a message of its own").isFalse();
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  !management.getConsumers(stream).isEmpty()
                      && management.getConsumers(stream).stream()
                          .allMatch(c -> c.getAckFloor().getStreamSequence() >= stored.getSeqno()));
    } finally {
      management.updateStream(configured);
    }

    assertThat(api.get(base + "/" + id).data().get("name").asText())
        .as("the later update stays")
        .isEqualTo(name + "2");
  }

  @Test
  void theSameKeyOfTwoConsumers_isTwoOperations() throws Exception {
    String key = aKey();

    ApiClient.Reply ada =
        api.post(base, fixture.body(aName()), KEY, key, "X-Consumer-ID", "consumer-ada");
    ApiClient.Reply bob =
        api.post(base, fixture.body(aName()), KEY, key, "X-Consumer-ID", "consumer-bob");

    assertThat(ada.status()).isEqualTo(202);
    assertThat(bob.status()).isEqualTo(202);
    assertThat(bob.data().get("operation_id")).isNotEqualTo(ada.data().get("operation_id"));
    assertThat(queuedSince()).isEqualTo(2);
  }

  /** An id of the other side: a course id (ObjectId hex) for students, a UUID for courses. */
  private String anOtherSideId() {
    return fixture.service() == Service.COURSES
        ? UUID.randomUUID().toString()
        : UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  private boolean storedClaim(String quotedKey) throws Exception {
    String value = quotedKey.substring(1, quotedKey.length() - 1);
    return new JetStreamIdempotencyStore(
            env.nats().connection(), env.nats().contract(), fixture.service().serviceName())
        .find(new IdempotencyKey("", value))
        .isPresent();
  }
}
