package dev.nis.common.http;

import static dev.nis.common.http.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.CommandNotAcknowledgedException;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueuedMutationResponderTest {
  private static final OperationId OP = OperationId.random();
  private final Map<OperationId, Operation> operations = new ConcurrentHashMap<>();
  private volatile boolean lookupDown;
  private final AtomicInteger lookups = new AtomicInteger();
  private HttpServerRunner server;
  private HttpTestClient client;

  private final OperationOutcomes outcomes = new OperationOutcomes();

  /** What the core answers the {@code /accepted} route's command (its id is {@link #OP}). */
  private volatile Supplier<AcceptResult<String>> accept =
      () -> new AcceptResult.Accepted<>(OP, "thing-1");

  @BeforeEach
  void start() throws Exception {
    QueuedMutationResponder responder =
        new QueuedMutationResponder("/things/operations", this::lookup, outcomes);
    HttpRouter router =
        new HttpRouter()
            .post(
                "/things",
                request ->
                    responder.answer(
                        request,
                        OP,
                        "thing-1",
                        () -> Response.data(201, "created").withHeader("Location", "/things/1")))
            .post(
                "/accepted",
                request ->
                    responder.acceptAndRespond(
                        request, OP, () -> accept.get(), id -> Response.data(201, id)))
            .put(
                "/enrollment",
                request ->
                    responder.acceptAndRespondOnceSettled(
                        request, OP, () -> accept.get(), id -> Response.empty(204)));
    OperationRoutes.register(router, "/things/operations", this::lookup);
    server = HttpServerRunner.start(0, router);
    client = new HttpTestClient(server.port());
    operations.put(OP, Operation.pending(OP, "thing-1", Action.CREATE));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private Optional<Operation> lookup(OperationId id) {
    lookups.incrementAndGet();
    if (lookupDown) {
      throw new DependencyUnavailableException("nats", "down");
    }
    return Optional.ofNullable(operations.get(id));
  }

  @Test
  void withoutPrefer_theAnswerIs202WithTheOperation() {
    HttpResponse<String> response = client.send("POST", "/things", "{}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Location")).contains("/things/operations/" + OP);
    assertThat(response.headers().firstValue("Preference-Applied")).isEmpty();
    assertThat(response.headers().firstValue("Link")).as("a 202 names it in Location").isEmpty();
    assertThat(response.body())
        .isEqualTo(
            "{\"data\":{\"id\":\"thing-1\",\"operation_id\":\""
                + OP
                + "\",\"status\":\"pending\"}}");
  }

  @Test
  void anOutcomeRecordedByThisProcess_endsTheWait_beforeTheBucketIsReadAgain() {
    Thread.ofVirtual()
        .start(
            () -> {
              sleep(150);
              // the bucket keeps reading pending: only the notice can end the wait with the outcome
              outcomes.recorded(Operation.applied(OP, "thing-1", Action.CREATE));
            });

    HttpResponse<String> response = client.send("POST", "/things", "{}", "Prefer", "wait=2");

    assertThat(response.statusCode()).isEqualTo(201);
  }

  /**
   * Another replica's outcome: the bucket's watch wakes the wait, which reads the bucket at once.
   * Here the next read is due only when the 10 s wait runs out, so an answer well before that came
   * from the wake-up.
   */
  @Test
  void anOutcomeAnotherReplicaWrote_endsTheWait_whenTheWatchSeesItsWrite() throws Exception {
    QueuedMutationResponder slowReads =
        new QueuedMutationResponder(
            "/things/operations", this::lookup, outcomes, Duration.ofSeconds(30));
    HttpRouter router =
        new HttpRouter()
            .post(
                "/slow",
                request ->
                    slowReads.answer(request, OP, "thing-1", () -> Response.data(201, "created")));
    HttpServerRunner slow = HttpServerRunner.start(0, router);
    try {
      Thread.ofVirtual()
          .start(
              () -> {
                sleep(150);
                operations.put(OP, Operation.applied(OP, "thing-1", Action.CREATE));
                outcomes.writtenToTheBucket(OP);
              });

      long started = System.nanoTime();
      HttpResponse<String> response =
          new HttpTestClient(slow.port()).send("POST", "/slow", "{}", "Prefer", "wait=10");

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    } finally {
      slow.stop();
    }
  }

  @Test
  void waitingForAnOperationAppliedMeanwhile_givesTheSynchronousAnswer() {
    Thread.ofVirtual()
        .start(
            () -> {
              sleep(150);
              operations.put(OP, Operation.applied(OP, "thing-1", Action.CREATE));
            });

    HttpResponse<String> response = client.send("POST", "/things", "{}", "Prefer", "wait=5");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Location")).contains("/things/1");
    assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=5");
    assertThat(response.headers().firstValue("Link"))
        .contains("</things/operations/" + OP + ">; rel=\"monitor\"");
  }

  @Test
  void waitingForARejectedOperation_givesItsProblem() {
    operations.put(
        OP, Operation.rejected(OP, "thing-1", Action.CREATE, Rejection.conflict("taken")));

    HttpResponse<String> response = client.send("POST", "/things", "{}", "Prefer", "wait=5");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(json(response).get("detail").asText()).isEqualTo("taken");
    assertThat(json(response).get("operation_id").asText()).isEqualTo(OP.toString());
    assertThat(response.headers().firstValue("Link"))
        .contains("</things/operations/" + OP + ">; rel=\"monitor\"");
  }

  @Test
  void whenTheWaitRunsOut_theAnswerIsThe202() {
    long started = System.nanoTime();

    HttpResponse<String> response = client.send("POST", "/things", "{}", "Prefer", "wait=1");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=1");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(950), Duration.ofSeconds(3));
  }

  /**
   * The outcome comes through {@link OperationOutcomes} (the bucket's watch feeds it), so a wait
   * reads the bucket only now and then: at 0, 250 and 750 ms in a second (every 10 to 50 ms before,
   * about 20 reads).
   */
  @Test
  void aSecondsWait_readsTheBucketOnlyAFewTimes() {
    lookups.set(0);

    assertThat(client.send("POST", "/things", "{}", "Prefer", "wait=1").statusCode())
        .isEqualTo(202);

    assertThat(lookups.get()).isBetween(1, 4);
  }

  @Test
  void whenTheOutcomeCannotBeRead_theAnswerIsStillThe202() {
    lookupDown = true;

    assertThat(client.send("POST", "/things", "{}", "Prefer", "wait=5").statusCode())
        .isEqualTo(202);
  }

  @Test
  void theOperation_isReadable() {
    operations.put(
        OP, Operation.rejected(OP, "thing-1", Action.DELETE, Rejection.notFound("gone")));

    HttpResponse<String> response = client.get("/things/operations/" + OP);

    assertThat(response.statusCode()).isEqualTo(200);
    var data = json(response).get("data");
    assertThat(data.get("id").asText()).isEqualTo(OP.toString());
    assertThat(data.get("status").asText()).isEqualTo("rejected");
    assertThat(data.get("entity_id").asText()).isEqualTo("thing-1");
    assertThat(data.get("action").asText()).isEqualTo("delete");
    assertThat(data.at("/problem/status").asInt()).isEqualTo(404);
    assertThat(data.at("/problem/detail").asText()).isEqualTo("gone");
    assertThat(data.get("updated_at").asText()).isNotBlank();
  }

  @Test
  void aPendingOperation_hasNoProblem_unknownOnesAre404_malformedIds400() {
    assertThat(json(client.get("/things/operations/" + OP)).get("data").has("problem")).isFalse();
    assertThat(client.get("/things/operations/" + OperationId.random()).statusCode())
        .isEqualTo(404);
    HttpResponse<String> malformed = client.get("/things/operations/nope");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).get("field").asText()).isEqualTo("operation_id");
  }

  /**
   * The wait begins before the command is queued: an outcome this process records while the command
   * is being queued is handed over, and the bucket (which still reads pending here) is not read at
   * all. Begun after the accept, the wait missed that outcome and read pending until its 5 s ran
   * out.
   */
  @Test
  void anOutcomeRecordedWhileTheCommandIsQueued_isHandedOver_withoutReadingTheBucket() {
    accept =
        () -> {
          outcomes.recorded(Operation.applied(OP, "thing-1", Action.CREATE));
          return new AcceptResult.Accepted<>(OP, "thing-1");
        };
    lookups.set(0);

    HttpResponse<String> response = client.send("POST", "/accepted", "{}", "Prefer", "wait=5");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).get("data").asText()).isEqualTo("thing-1");
    assertThat(lookups.get()).isZero();
    assertThat(outcomes.awaitsAny()).isFalse();
  }

  /** A repeat of an Idempotency-Key is answered with the first operation: that one is read. */
  @Test
  void aRepeatAnsweredWithItsFirstOperation_waitsForThatOne() {
    OperationId first = OperationId.random();
    operations.put(first, Operation.applied(first, "thing-0", Action.CREATE));
    accept = () -> new AcceptResult.Accepted<>(first, "thing-0");

    HttpResponse<String> response = client.send("POST", "/accepted", "{}", "Prefer", "wait=5");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).get("data").asText()).isEqualTo("thing-0");
    assertThat(outcomes.awaitsAny()).isFalse();
  }

  @Test
  void aRefusedCommand_isAnsweredWithItsProblem_andLeavesNothingWatched() {
    accept = () -> new AcceptResult.Refused<>(Rejection.conflict("taken"));

    HttpResponse<String> response = client.send("POST", "/accepted", "{}", "Prefer", "wait=5");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(json(response).get("detail").asText()).isEqualTo("taken");
    assertThat(outcomes.awaitsAny()).isFalse();
  }

  @Test
  void aCommandThatCouldNotBeQueued_leavesNothingWatched() {
    accept =
        () -> {
          throw new DependencyUnavailableException("nats", "down");
        };

    assertThat(client.send("POST", "/accepted", "{}", "Prefer", "wait=5").statusCode())
        .isEqualTo(503);
    assertThat(outcomes.awaitsAny()).isFalse();
  }

  /** A command the queue may or may not have stored: the 503 names its operation. */
  @Test
  void aCommandTheQueueNeverAcknowledged_isA503NamingItsOperation() {
    accept =
        () -> {
          throw new CommandNotAcknowledgedException(OP, new java.io.IOException("no ack"));
        };

    HttpResponse<String> response = client.send("POST", "/accepted", "{}");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(response).get("operation_id").asText()).isEqualTo(OP.toString());
    assertThat(json(response).get("detail").asText()).contains("it may still be applied");
  }

  @Test
  void withoutPrefer_acceptingWatchesNothing() {
    HttpResponse<String> response = client.send("POST", "/accepted", "{}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(outcomes.awaitsAny()).isFalse();
  }

  private static final String COURSE = "65f1c0a52c1e4a539a550c2b";
  private static final String STUDENT = "6f1c0a52-2c1e-4a53-9a55-0c2b65f1c0a5";

  /** The enroll command's operation, applied, its enrollment decided by neither side yet. */
  private static Operation appliedEnrollment() {
    return Operation.applied(OP, COURSE, Action.ENROLL)
        .withRequestedEnrollments(List.of(EnrollmentChange.add(COURSE, STUDENT, OP.toString())));
  }

  /** Records the applied enrollment now and, after {@code millis}, both sides' verdicts. */
  private void applyThenDecide(long millis, Optional<String> studentsCompensation) {
    operations.put(OP, appliedEnrollment());
    outcomes.recorded(appliedEnrollment());
    Thread.ofVirtual()
        .start(
            () -> {
              sleep(millis);
              operations.put(
                  OP,
                  appliedEnrollment()
                      .withVerdict(
                          COURSE, STUDENT, EnrollmentOutcome.Side.COURSES, Optional.empty())
                      .withVerdict(
                          COURSE, STUDENT, EnrollmentOutcome.Side.STUDENTS, studentsCompensation));
            });
  }

  @Test
  void anEnrollmentTheOtherSideUndid_isA409NamingTheReason_notA204() {
    applyThenDecide(200, Optional.of("student " + STUDENT + " has 15 courses"));

    HttpResponse<String> response = client.send("PUT", "/enrollment", "", "Prefer", "wait=5");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(json(response).at("/detail").asText())
        .isEqualTo("the enrollment was undone: student " + STUDENT + " has 15 courses");
    assertThat(json(response).at("/operation_id").asText()).isEqualTo(OP.toString());
    assertThat(response.headers().firstValue("Link"))
        .contains("</things/operations/" + OP + ">; rel=\"monitor\"");
  }

  /**
   * Decided 600 ms after the request: later than the first read of the bucket (250 ms), which would
   * answer a plain applied command.
   */
  @Test
  void anEnrollmentBothSidesKept_is204_onceTheyHave() {
    applyThenDecide(600, Optional.empty());

    long started = System.nanoTime();
    HttpResponse<String> response = client.send("PUT", "/enrollment", "", "Prefer", "wait=5");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("it waited for the verdicts")
        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  void anEnrollmentUndecidedWhenTheWaitRunsOut_is202() {
    applyThenDecide(3_000, Optional.empty());

    HttpResponse<String> response = client.send("PUT", "/enrollment", "", "Prefer", "wait=1");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Location")).contains("/things/operations/" + OP);
    assertThat(response.headers().firstValue("Link")).as("a 202 names it in Location").isEmpty();
  }

  /**
   * A repeat of an enroll (same Idempotency-Key) whose first answer was the 409 of an undone
   * enrollment is that 409 again, not a 204 for the applied command (found by a fresh helper).
   */
  @Test
  void aRepeatedEnrollmentWhoseFirstWasUndone_isThe409Again() {
    OperationId first = OperationId.random();
    operations.put(
        first,
        Operation.applied(first, COURSE, Action.ENROLL)
            .withRequestedEnrollments(
                List.of(EnrollmentChange.add(COURSE, STUDENT, first.toString())))
            .withVerdict(
                COURSE, STUDENT, EnrollmentOutcome.Side.STUDENTS, Optional.of("student gone")));
    accept = () -> new AcceptResult.Accepted<>(first, COURSE);

    HttpResponse<String> response = client.send("PUT", "/enrollment", "", "Prefer", "wait=5");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(json(response).at("/detail").asText())
        .isEqualTo("the enrollment was undone: student gone");
    assertThat(json(response).at("/operation_id").asText()).isEqualTo(first.toString());
  }

  /**
   * A request still waiting when the service begins to stop answers its 202 then, naming the
   * operation, rather than be cut off with no answer when the drain's grace ends: a command not
   * applied yet, and an enrollment applied and not decided yet.
   */
  @Test
  void requestsStillWaitingWhenTheServiceStops_answerTheir202AtOnce() throws Exception {
    applyThenDecide(60_000, Optional.empty()); // the enrollment stays undecided
    Thread.ofVirtual()
        .start(
            () -> {
              sleep(500);
              outcomes.stopping();
            });
    long started = System.nanoTime();
    HttpResponse<String> enrollment = client.send("PUT", "/enrollment", "", "Prefer", "wait=20");
    assertThat(enrollment.statusCode()).isEqualTo(202);
    assertThat(enrollment.headers().firstValue("Location")).contains("/things/operations/" + OP);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

    operations.put(OP, Operation.pending(OP, "thing-1", Action.CREATE)); // queued, not applied
    started = System.nanoTime();
    HttpResponse<String> create = client.send("POST", "/accepted", "{}", "Prefer", "wait=20");
    assertThat(create.statusCode()).isEqualTo(202);
    assertThat(json(create).at("/data/operation_id").asText()).isEqualTo(OP.toString());
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("a wait begun once stopping ends at its first look")
        .isLessThan(Duration.ofSeconds(3));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
