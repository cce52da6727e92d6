package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.events.EventCursor;
import dev.nis.common.jetstream.JetStreamOperationLog;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.SseClient;
import dev.nis.common.testing.SseClient.Event;
import io.nats.client.PublishOptions;
import io.nats.client.impl.NatsMessage;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/<service>/events} end to end, over the real NATS, Redis and the service's store:
 * a mutation's events arrive in order with ids, {@code Last-Event-ID} resumes after an event, the
 * operation filter follows one operation, bad filters are 400 problems, the cap answers 503 with
 * Retry-After, heartbeats keep an idle stream talking, and a stop of the server ends its streams at
 * once. Each service's {@code EventStreamIT} runs it.
 */
public abstract class EventStreamContract {
  private static final Duration SOON = Duration.ofSeconds(5);
  private final ServiceFixture fixture;

  protected EventStreamContract(ServiceFixture fixture) {
    this.fixture = fixture;
  }

  private String base() {
    return fixture.service().basePath();
  }

  private String entity() {
    return fixture.service() == Service.COURSES ? "course" : "student";
  }

  private SseClient open(RunningService env, String query, String... headers) {
    return SseClient.open(URI.create(env.baseUri() + base() + "/events" + query), headers);
  }

  private String created(ApiClient api, String name) {
    return created(api, name, "events-" + UUID.randomUUID());
  }

  private String created(ApiClient api, String name, String requestId) {
    ApiClient.Reply reply =
        api.post(base(), fixture.body(name), "Prefer", "wait=5", "X-Request-ID", requestId);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.data().get("id").asText();
  }

  @Test
  void aMutationMadeWithPreferWait_arrivesAsItsOutcomeThenItsChange_withIds() throws Exception {
    try (RunningService env = fixture.start();
        SseClient stream = open(env, "")) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      String id = created(env.api(), "Streamed", "events-request-1");

      Event applied = stream.next(SOON);
      Event change = stream.next(SOON);

      assertThat(applied.type()).isEqualTo("operation.applied");
      assertThat(applied.json().get("entity_id").asText()).isEqualTo(id);
      assertThat(applied.json().get("action").asText()).isEqualTo("create");
      assertThat(change.type()).isEqualTo(entity() + ".created");
      assertThat(change.json().get("id").asText()).isEqualTo(id);
      assertThat(change.json().get("operation_id").asText())
          .isEqualTo(applied.json().get("operation_id").asText());
      assertThat(List.of(applied, change))
          .as("the request id rides on the bus message")
          .allSatisfy(
              e -> assertThat(e.json().get("request_id").asText()).isEqualTo("events-request-1"));
      assertThat(List.of(applied.id(), change.id())).doesNotContain("").doesNotHaveDuplicates();
    }
  }

  @Test
  void resumingWithLastEventId_sendsOnlyTheEventsAfterIt() throws Exception {
    try (RunningService env = fixture.start()) {
      String lastSeen;
      try (SseClient first = open(env, "")) {
        created(env.api(), "Before");
        first.next(SOON);
        lastSeen = first.next(SOON).id();
      }
      String later = created(env.api(), "After");
      String evenLater = created(env.api(), "Later still");

      try (SseClient resumed = open(env, "", "Last-Event-ID", lastSeen)) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          events.add(resumed.next(SOON));
        }
        assertThat(events)
            .extracting(Event::type)
            .containsExactly(
                "operation.applied",
                entity() + ".created",
                "operation.applied",
                entity() + ".created");
        assertThat(events.get(1).json().get("id").asText()).isEqualTo(later);
        assertThat(events.get(3).json().get("id").asText()).isEqualTo(evenLater);
        assertThat(resumed.poll(Duration.ofMillis(500))).as("nothing repeated").isEmpty();

        // resuming between an outcome and its change sends the change alone
        try (SseClient half = open(env, "", "Last-Event-ID", events.get(0).id())) {
          Event next = half.next(SOON);
          assertThat(next.id()).isEqualTo(events.get(1).id());
          assertThat(next.type()).isEqualTo(entity() + ".created");
        }
      }
    }
  }

  @Test
  void theOperationFilter_sendsOnlyThatOperationsEvents() throws Exception {
    try (RunningService env = fixture.start()) {
      ApiClient api = env.api();
      ApiClient.Reply accepted = api.post(base(), fixture.body("Followed"));
      assertThat(accepted.status()).isEqualTo(202);
      String operationId = accepted.data().get("operation_id").asText();

      try (SseClient own = open(env, "?operation_id=" + operationId)) {
        created(api, "Someone else's");
        Event outcome = own.next(SOON);
        Event change = own.next(SOON);
        assertThat(outcome.type()).isEqualTo("operation.applied");
        assertThat(outcome.json().get("operation_id").asText()).isEqualTo(operationId);
        assertThat(change.json().get("operation_id").asText()).isEqualTo(operationId);
        assertThat(own.poll(Duration.ofMillis(500))).as("no other operation's events").isEmpty();
      }
    }
  }

  @Test
  void theTypeAndEntityFilters_sendOnlyWhatTheyName() throws Exception {
    try (RunningService env = fixture.start();
        SseClient changes = open(env, "?type=" + entity() + ".created," + entity() + ".deleted")) {
      String first = created(env.api(), "First");
      String second = created(env.api(), "Second");
      assertThat(env.api().delete(base() + "/" + first, "Prefer", "wait=5").status())
          .isEqualTo(204);

      try (SseClient aboutFirst = open(env, "?entity_id=" + first, "Last-Event-ID", "0.0")) {
        assertThat(changes.next(SOON).json().get("id").asText()).isEqualTo(first);
        assertThat(changes.next(SOON).json().get("id").asText()).isEqualTo(second);
        Event deleted = changes.next(SOON);
        assertThat(deleted.type()).isEqualTo(entity() + ".deleted");
        assertThat(deleted.json().get("id").asText()).isEqualTo(first);

        List<String> types = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          Event event = aboutFirst.next(SOON);
          assertThat(event.data()).doesNotContain(second);
          types.add(event.type());
        }
        assertThat(types)
            .containsExactly(
                "operation.applied",
                entity() + ".created",
                "operation.applied",
                entity() + ".deleted");
      }
    }
  }

  @Test
  void anEnrollment_arrivesWithItsOperationAndRequestIds() throws Exception {
    try (RunningService env = fixture.start()) {
      ApiClient api = env.api();
      String id = created(api, "Enrolled");
      try (SseClient stream = open(env, "?entity_id=" + id)) {
        // a student for a course, a course for a student: the other side is not running here,
        // so the entry is added on this side and nobody compensates it
        String other =
            fixture.service() == Service.COURSES
                ? UUID.randomUUID().toString()
                : "0123456789abcdef01234567";
        String relation = fixture.service() == Service.COURSES ? "/students/" : "/courses/";
        ApiClient.Reply enrolled =
            api.put(base() + "/" + id + relation + other, "", "X-Request-ID", "events-enroll");
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(202);
        String enrollment = enrolled.data().get("operation_id").asText();

        Event added = stream.next("enrollment.added", SOON);
        assertThat(added.json().get("operation_id").asText()).isEqualTo(enrollment);
        assertThat(added.json().get("request_id").asText()).isEqualTo("events-enroll");
        assertThat(
                List.of(
                    added.json().get("course_id").asText(),
                    added.json().get("student_id").asText()))
            .containsExactlyInAnyOrder(id, other);
      }
    }
  }

  @Test
  void aCommandThatCannotBeApplied_isAnOperationRejectedWithItsProblem() throws Exception {
    try (RunningService env = fixture.start();
        SseClient stream = open(env, "?type=operation.rejected")) {
      // a pending operation whose command is poison: dead-lettered at once, ended as rejected
      // (which a race between two requests could not make happen every time)
      String service = fixture.service().serviceName();
      String entityId =
          fixture.service() == Service.COURSES
              ? CourseId.next().toString()
              : StudentId.next().toString();
      OperationId operation = OperationId.random();
      new JetStreamOperationLog(env.nats().connection(), env.nats().contract())
          .markPending(Operation.pending(operation, entityId, Action.UPDATE));
      env.nats()
          .connection()
          .jetStream()
          .publish(
              NatsMessage.builder()
                  .subject(env.nats().contract().commandsSubjectOf(service, entityId))
                  .data(new byte[] {0x0f}) // field 1 with wire type 7, which protobuf has not
                  .build(),
              PublishOptions.builder().messageId(operation.toString()).build());

      Event rejected = stream.next(SOON);
      assertThat(rejected.type()).isEqualTo("operation.rejected");
      assertThat(rejected.json().get("operation_id").asText()).isEqualTo(operation.toString());
      assertThat(rejected.json().get("entity_id").asText()).isEqualTo(entityId);
      assertThat(rejected.json().get("problem").get("status").asInt()).isEqualTo(422);
      assertThat(rejected.json().get("problem").get("detail").asText())
          .isEqualTo("the command could not be applied");
    }
  }

  @Test
  void badFiltersAndCursors_areProblems() throws Exception {
    try (RunningService env = fixture.start()) {
      for (String query :
          List.of("?type=nope", "?type=", "?entity_id=42", "?operation_id=not-a-uuid")) {
        try (SseClient stream = open(env, query)) {
          assertThat(stream.status()).as(query).isEqualTo(400);
          assertThat(stream.header("Content-Type")).hasValue("application/problem+json");
          assertThat(stream.body()).contains("\"status\":400");
        }
      }
      try (SseClient stream = open(env, "", "Last-Event-ID", "yesterday")) {
        assertThat(stream.status()).isEqualTo(400);
        assertThat(stream.body()).contains("Last-Event-ID");
      }
    }
  }

  @Test
  void aLastEventIdPastTheStreamsEnd_isRefused_notLeftSilent() throws Exception {
    try (RunningService env = fixture.start()) {
      String id;
      try (SseClient stream = open(env, "")) {
        created(env.api(), "Lately");
        id = stream.next(SOON).id();
      }
      EventCursor sent = EventCursor.parse(id);
      for (String ahead :
          List.of(
              sent.withOperations(sent.operations() + 1000).toString(),
              sent.withEnrollments(sent.enrollments() + 1).toString())) {
        try (SseClient stream = open(env, "", "Last-Event-ID", ahead)) {
          assertThat(stream.status()).as(ahead).isEqualTo(400);
          assertThat(stream.header("Content-Type")).hasValue("application/problem+json");
          assertThat(stream.body()).contains("Last-Event-ID").contains("past the end");
        }
      }
      try (SseClient resumed = open(env, "", "Last-Event-ID", id)) {
        assertThat(resumed.status()).as("the id of the last event sent").isEqualTo(200);
      }
    }
  }

  @Test
  void beyondTheCap_aStreamIsRefusedWith503AndRetryAfter() throws Exception {
    try (RunningService env =
            fixture
                .prepare(Map.of("EVENTS_MAX_STREAMS", "2", "EVENTS_HEARTBEAT", "200ms"))
                .startInProcess();
        SseClient one = open(env, "");
        SseClient two = open(env, "")) {
      assertThat(List.of(one.status(), two.status())).containsOnly(200);
      assertThat(env.api().get("/metrics").body())
          .as("the gauge of open streams")
          .containsPattern("(?m)^nis_event_streams(\\{[^}]*\\})? 2(\\.0)?$");
      try (SseClient three = open(env, "")) {
        assertThat(three.status()).isEqualTo(503);
        assertThat(three.header("Retry-After")).isPresent();
        assertThat(three.header("Content-Type")).hasValue("application/problem+json");
      }
      one.close();
      long deadline = System.nanoTime() + SOON.toNanos();
      int status;
      do {
        // the server notices a closed stream at its next write: a heartbeat at the latest
        try (SseClient again = open(env, "")) {
          status = again.status();
        }
      } while (status != 200 && System.nanoTime() < deadline && sleep());
      assertThat(status).as("a slot frees once a client leaves").isEqualTo(200);
    }
  }

  private static boolean sleep() throws InterruptedException {
    Thread.sleep(100);
    return true;
  }

  @Test
  void aClientThatStopsReading_isDroppedWithAFinalEvent_andNoWriteWaitsForIt() throws Exception {
    // a buffer of one event: the stuck client below falls behind at once
    try (RunningService env = fixture.prepare(Map.of("EVENTS_BUFFER", "1")).startInProcess();
        Socket stuck = new Socket()) {
      stuck.setReceiveBufferSize(1024);
      stuck.connect(new InetSocketAddress("127.0.0.1", env.baseUri().getPort()));
      stuck
          .getOutputStream()
          .write(
              ("GET "
                      + base()
                      + "/events HTTP/1.1\r\nHost: nis\r\nAccept: text/event-stream\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));

      long start = System.nanoTime();
      for (int i = 0; i < 40; i++) {
        created(env.api(), "Unread " + i); // each waits for its outcome: applying goes on
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      stuck.setSoTimeout(10_000);
      String read = new String(stuck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(read).contains("stream.closed").contains("slower than events came");
      assertThat(read.indexOf("stream.closed"))
          .as("the final event is the last one")
          .isGreaterThan(read.lastIndexOf("operation.applied"));
      assertThat(took)
          .as("40 writes applied one after the other")
          .isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void anIdleStream_sendsHeartbeats() throws Exception {
    try (RunningService env =
            fixture.prepare(Map.of("EVENTS_HEARTBEAT", "200ms")).startInProcess();
        SseClient stream = open(env, "")) {
      Thread.sleep(1_000);
      assertThat(stream.comments()).filteredOn("heartbeat"::equals).hasSizeGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void stoppingTheServer_endsOpenStreamsWithAFinalEvent_withoutWaitingForThem() throws Exception {
    try (RunningService env = fixture.start();
        SseClient stream = open(env, "")) {
      assertThat(stream.status()).isEqualTo(200);
      long start = System.nanoTime();
      env.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      Event last = stream.next(SOON);
      assertThat(last.type()).isEqualTo("stream.closed");
      assertThat(last.json().get("reason").asText()).contains("stopping");
      assertThat(stream.endsWithin(SOON)).isTrue();
      assertThat(stream.endedCleanly())
          .as("the body ended with its last chunk, not cut off: %s", stream.cutBy())
          .isTrue();
      assertThat(took)
          .as("the stop (grace 5s) did not wait on the stream")
          .isLessThan(Duration.ofSeconds(3));
    }
  }
}
