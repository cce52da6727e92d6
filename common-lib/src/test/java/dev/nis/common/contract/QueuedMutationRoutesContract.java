package dev.nis.common.contract;

import static dev.nis.common.http.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.RequestFingerprint;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.HttpServerRunner;
import dev.nis.common.http.HttpTestClient;
import dev.nis.common.runtime.ServiceRuntime;
import dev.nis.common.testing.AcceptedCommands;
import dev.nis.common.testing.ServiceFake;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP edge both services share, held once: reads, list pages and their cursor, ids, the
 * problems (400 naming the field, 404, 405, 413, 415, 500, 503), the operations resource, the
 * probes, mutations that are queued (202) or waited for ({@code Prefer: wait}), and the {@code
 * Idempotency-Key} header, and the text rule tried on every text field with the whole {@link
 * TextInputCatalogue}. A subclass per service describes its edge in a {@link RoutesSpec} and builds
 * its routes over its fake; the probes are registered here, as the service runtime registers them
 * for every service; the scenarios only one service has (e.g. the full-name rule of students) stay
 * in that subclass.
 *
 * <p>A new fake is made before each test; the instance lives for the class so that the spec's field
 * lists can feed the parameterized scenarios.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <C> the service's command type
 * @param <F> the service's fake of its queries and submission ports
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class QueuedMutationRoutesContract<
    E, I extends Comparable<I>, C extends Command<I>, F extends ServiceFake<E, I, C>> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RoutesSpec<E, I, C, F> spec;
  private volatile boolean ready;
  private F fake;
  private HttpServerRunner server;
  private HttpTestClient client;

  protected QueuedMutationRoutesContract(RoutesSpec<E, I, C, F> spec) {
    this.spec = spec;
  }

  /**
   * The service's routes over this fake ({@code /health}, {@code /ready}, {@code /metrics} are
   * added here).
   */
  protected abstract HttpRouter routes(F fake);

  @BeforeEach
  void start() throws Exception {
    fake = spec.fake.get();
    ready = true;
    HttpRouter router = routes(fake);
    // the probes and the API's description, as the service runtime adds them to every service
    ServiceRuntime.sharedRoutes(
        router,
        spec.basePath.substring("/api/".length()),
        () -> ready,
        () -> "# TYPE up gauge\nup 1\n");
    server = HttpServerRunner.start(0, router);
    client = new HttpTestClient(server.port());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  protected HttpTestClient client() {
    return client;
  }

  /** This test's fake. */
  protected F fake() {
    return fake;
  }

  protected E stored(E entity) {
    return fake.entities().add(entity);
  }

  protected String path(Object id) {
    return basePath() + "/" + id;
  }

  protected static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  protected HttpResponse<String> post(Object body, String... headers) {
    return client.send("POST", basePath(), write(body), headers);
  }

  protected HttpResponse<String> put(Object id, Object body, String... headers) {
    return client.send("PUT", path(id), write(body), headers);
  }

  protected static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(json(response).get("status").asInt()).isEqualTo(status);
  }

  private List<C> accepted() {
    return fake.commands().accepted;
  }

  private AcceptedCommands<I, C> commands() {
    return fake.commands();
  }

  private E anEntity(String name) {
    return spec.named.apply(name);
  }

  private I idOf(E entity) {
    return spec.idOf.apply(entity);
  }

  private I newId() {
    return spec.newId.get();
  }

  /** The spec's valid body, as a new mutable map. */
  protected Map<String, Object> validBody() {
    try {
      return JSON.readValue(spec.validBody, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String basePath() {
    return spec.basePath;
  }

  /** A create or update carries the valid body's fields in its {@code fields} component. */
  private void assertCarriesTheValidBody(C command) {
    RecordComponent fields =
        Arrays.stream(command.getClass().getRecordComponents())
            .filter(component -> component.getName().equals("fields"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(command + " carries no fields"));
    try {
      assertThat(fields.getAccessor().invoke(command)).isEqualTo(spec.validFields);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private void assertIsTheValidBody(JsonNode data) {
    assertThat(spec.answered).isNotEmpty();
    spec.answered.forEach(
        (pointer, text) -> assertThat(data.at(pointer).asText()).as(pointer).isEqualTo(text));
  }

  @Nested
  class Reads {
    @Test
    void listingEntities_pagesWithAnOpaqueCursor() {
      IntStream.range(0, 3).forEach(i -> stored(anEntity("entity " + i)));

      JsonNode first = json(client.get(basePath() + "?limit=2"));
      assertThat(first.get("data")).hasSize(2);
      String cursor = first.get("next_cursor").asText();

      JsonNode last = json(client.get(basePath() + "?limit=2&cursor=" + cursor));
      assertThat(last.get("data")).hasSize(1);
      assertThat(last.get("next_cursor").isNull()).isTrue();
      assertThat(json(client.get(basePath())).get("data")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"limit=0", "limit=1001", "limit=ten", "limit=%EF%BC%95", "cursor=not-ours"})
    void listingWithABadLimitOrCursor_isA400(String query) {
      assertProblem(client.get(basePath() + "?" + query), 400);
    }

    /** Which of two values a client meant is not for the server to guess (found by a helper). */
    @ParameterizedTest
    @ValueSource(strings = {"limit=1&limit=2", "limit=2&limit=2", "cursor=a&limit=5&cursor=b"})
    void listingWithAParameterGivenTwice_isA400NamingIt(String query) {
      HttpResponse<String> response = client.get(basePath() + "?" + query);
      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isIn("limit", "cursor");
    }

    @Test
    void anEntity_isSnakeCaseJsonInTheDataEnvelope() {
      E entity = stored(spec.represented);

      HttpResponse<String> response = client.get(path(idOf(entity)));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(spec.representation);
    }

    @Test
    void theRelatedOfAnEntity_areListed() throws Exception {
      E entity = stored(anEntity("related"));
      spec.relateOne.accept(fake, entity);

      HttpResponse<String> response = client.get(path(idOf(entity)) + spec.relatedPath);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).get("data")).hasSize(1);
      assertThat(json(response).at("/data/0"))
          .isEqualTo(JSON.readTree(spec.relatedRepresentation.apply(entity)));
    }

    @Test
    void anUnknownEntity_isA404_andAMalformedId_aA400NamingId() {
      assertProblem(client.get(path(newId())), 404);

      HttpResponse<String> malformed = client.get(path("not-an-id"));
      assertProblem(malformed, 400);
      assertThat(json(malformed).get("field").asText()).isEqualTo("id");
    }

    @Test
    void theRelatedOfAnUnknownEntity_areA404() {
      assertProblem(client.get(path(newId()) + spec.relatedPath), 404);
    }

    @Test
    void theRelatedOfAnEntity_whileThePeerServiceIsDown_areA503WithRetryAfter() {
      E entity = stored(anEntity("peerdown"));
      fake.peerServiceDown();

      HttpResponse<String> response = client.get(path(idOf(entity)) + spec.relatedPath);

      assertProblem(response, 503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anUnexpectedFailure_isA500WithoutItsMessage() {
      fake.entities().failWith(new IllegalStateException("database password=s3cret"));

      HttpResponse<String> response = client.get(path(newId()));

      assertProblem(response, 500);
      assertThat(response.body()).doesNotContain("s3cret", "IllegalStateException", "\tat ");
    }

    @Test
    void aWrongMethod_isA405WithAllow() {
      HttpResponse<String> response = client.delete(basePath());

      assertProblem(response, 405);
      assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS, POST");
    }

    @Test
    void theRequestId_isEchoed() {
      HttpResponse<String> response = client.get(basePath(), "X-Request-ID", "kong-42");

      assertThat(response.headers().firstValue("X-Request-ID")).contains("kong-42");
    }
  }

  @Nested
  class Operations {
    @Test
    void aPendingOperation_isReadable() {
      OperationId id = OperationId.random();
      I entity = newId();
      commands().record(Operation.pending(id, entity.toString(), Action.CREATE));

      JsonNode data = json(client.get(basePath() + "/operations/" + id)).get("data");

      assertThat(data.get("id").asText()).isEqualTo(id.toString());
      assertThat(data.get("status").asText()).isEqualTo("pending");
      assertThat(data.get("entity_id").asText()).isEqualTo(entity.toString());
      assertThat(data.get("action").asText()).isEqualTo("create");
      assertThat(data.has("problem")).isFalse();
      assertThat(data.get("updated_at").asText()).isNotBlank();
    }

    @Test
    void aRejectedOperation_carriesItsProblem() {
      OperationId id = OperationId.random();
      commands()
          .record(
              Operation.rejected(
                  id, newId().toString(), Action.UPDATE, Rejection.conflict("name taken")));

      JsonNode data = json(client.get(basePath() + "/operations/" + id)).get("data");

      assertThat(data.get("status").asText()).isEqualTo("rejected");
      assertThat(data.at("/problem/status").asInt()).isEqualTo(409);
      assertThat(data.at("/problem/detail").asText()).isEqualTo("name taken");
    }

    @Test
    void anUnknownOperation_isA404_andAMalformedId_aA400() {
      assertProblem(client.get(basePath() + "/operations/" + OperationId.random()), 404);
      assertProblem(client.get(basePath() + "/operations/123"), 400);
    }

    @Test
    void operations_isNeverTakenForAnEntityId() {
      assertProblem(client.get(basePath() + "/operations"), 404);
      assertProblem(client.send("PUT", basePath() + "/operations", write(validBody())), 404);
      assertThat(accepted()).isEmpty();
    }
  }

  @Nested
  class Probes {
    @Test
    void health_isUp() {
      HttpResponse<String> response = client.get(basePath() + "/health");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void ready_followsTheReadinessCheck() {
      assertThat(client.get(basePath() + "/ready").statusCode()).isEqualTo(200);
      ready = false;
      assertProblem(client.get(basePath() + "/ready"), 503);
    }

    @Test
    void metrics_isTheScrape() {
      HttpResponse<String> response = client.get("/metrics");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain; version=0.0.4");
      assertThat(response.body()).contains("up 1");
    }
  }

  @Nested
  class Mutations {
    @Test
    void creating_queuesTheCommand_andAnswers202WithTheOperation() {
      HttpResponse<String> response = post(validBody());

      assertThat(response.statusCode()).isEqualTo(202);
      C create = accepted().get(0);
      assertThat(create.action()).isEqualTo(Action.CREATE);
      assertCarriesTheValidBody(create);
      JsonNode data = json(response).get("data");
      assertThat(data.get("id").asText()).isEqualTo(create.entityId().toString());
      assertThat(data.get("operation_id").asText()).isEqualTo(create.operationId().toString());
      assertThat(data.get("status").asText()).isEqualTo("pending");
      assertThat(response.headers().firstValue("Location"))
          .contains(basePath() + "/operations/" + create.operationId());
    }

    @Test
    void creatingWithoutRelatedIds_isFine() {
      Map<String, Object> body = validBody();
      body.remove(spec.relatedField);

      assertThat(post(body).statusCode()).isEqualTo(202);
    }

    @Test
    void creatingAndWaiting_answers201WithTheEntity() {
      commands().onAccept(commands()::applyNow);

      HttpResponse<String> response = post(validBody(), "Prefer", "wait=5");

      assertThat(response.statusCode()).isEqualTo(201);
      String id = accepted().get(0).entityId().toString();
      assertThat(response.headers().firstValue("Location")).contains(path(id));
      assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=5");
      assertThat(response.headers().firstValue("Link"))
          .contains(
              "<"
                  + basePath()
                  + "/operations/"
                  + accepted().get(0).operationId()
                  + ">; rel=\"monitor\"");
      assertThat(json(response).at("/data/id").asText()).isEqualTo(id);
      assertIsTheValidBody(json(response).get("data"));
    }

    @Test
    void creatingWithRelatedIdsAndWaiting_readsTheEntityBack() {
      commands().onAccept(commands()::applyNow);
      int before = fake().entities().readsById();

      assertThat(post(validBody(), "Prefer", "wait=5").statusCode()).isEqualTo(201);

      assertThat(fake().entities().readsById()).isEqualTo(before + 1);
    }

    @Test
    void creatingWithoutRelatedIdsAndWaiting_answersTheCreatedEntity_withoutReadingItBack() {
      commands().onAccept(commands()::applyNow);
      Map<String, Object> body = validBody();
      body.remove(spec.relatedField);
      int before = fake().entities().readsById();

      HttpResponse<String> response = post(body, "Prefer", "wait=5");

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(fake().entities().readsById()).isEqualTo(before);
      JsonNode data = json(response).get("data");
      assertThat(data.get("id").asText()).isEqualTo(accepted().get(0).entityId().toString());
      assertThat(data.get(spec.relatedField).isEmpty()).isTrue();
      spec.answered.entrySet().stream()
          .filter(answer -> !answer.getKey().startsWith("/" + spec.relatedField))
          .forEach(
              answer ->
                  assertThat(data.at(answer.getKey()).asText())
                      .as(answer.getKey())
                      .isEqualTo(answer.getValue()));
    }

    @Test
    void creatingAndWaiting_forAnOutcomeThatComesLater_answers201() {
      commands().onAccept(command -> commands().applyAfter(command, Duration.ofMillis(200)));

      assertThat(post(validBody(), "Prefer", "wait=5").statusCode()).isEqualTo(201);
    }

    @Test
    void creatingAndWaiting_forARejection_answersItsProblem() {
      commands().onAccept(command -> commands().reject(command, Rejection.conflict("name taken")));

      HttpResponse<String> response = post(validBody(), "Prefer", "wait=5");

      assertProblem(response, 409);
      assertThat(json(response).get("detail").asText()).isEqualTo("name taken");
      assertThat(json(response).get("operation_id").asText())
          .isEqualTo(accepted().get(0).operationId().toString());
    }

    @Test
    void creatingAndWaiting_pastTheWait_answers202() {
      HttpResponse<String> response = post(validBody(), "Prefer", "wait=1");

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=1");
      assertThat(json(response).at("/data/status").asText()).isEqualTo("pending");
    }

    @Test
    void updating_queuesAFullReplacement() {
      E entity = stored(anEntity("replaced"));

      HttpResponse<String> response = put(idOf(entity), validBody());

      assertThat(response.statusCode()).isEqualTo(202);
      C update = accepted().get(0);
      assertThat(update.action()).isEqualTo(Action.UPDATE);
      assertThat(update.entityId()).isEqualTo(idOf(entity));
      assertCarriesTheValidBody(update);
      assertThat(json(response).at("/data/id").asText()).isEqualTo(idOf(entity).toString());
    }

    @Test
    void updatingAndWaiting_answers200WithTheEntity() {
      E entity = stored(anEntity("replaced"));
      commands().onAccept(commands()::applyNow);

      HttpResponse<String> response = put(idOf(entity), validBody(), "Prefer", "wait=5");

      assertThat(response.statusCode()).isEqualTo(200);
      assertIsTheValidBody(json(response).get("data"));
    }

    @Test
    void updatingAndWaiting_forAnEntityDeletedMeanwhile_answers404() {
      E entity = stored(anEntity("deleted"));
      commands().onAccept(command -> commands().reject(command, Rejection.notFound("deleted")));

      assertProblem(put(idOf(entity), validBody(), "Prefer", "wait=5"), 404);
    }

    @Test
    void updatingAnUnknownEntity_isA404AndQueuesNothing() {
      assertProblem(put(newId(), validBody()), 404);
      assertThat(accepted()).isEmpty();
    }

    @Test
    void deleting_answers202_andWithWait204() {
      E entity = stored(anEntity("deleted"));
      HttpResponse<String> queued = client.delete(path(idOf(entity)));
      assertThat(queued.statusCode()).isEqualTo(202);
      assertThat(accepted().get(0)).isInstanceOf(spec.deleteType);

      commands().onAccept(commands()::applyNow);
      HttpResponse<String> waited = client.delete(path(idOf(entity)), "Prefer", "wait=5");
      assertThat(waited.statusCode()).isEqualTo(204);
      assertThat(waited.body()).isEmpty();
      assertThat(fake.entities().contains(idOf(entity))).isFalse();
    }

    @Test
    void deletingAnUnknownEntity_isA404_andAMalformedId_aA400() {
      assertProblem(client.delete(path(newId())), 404);
      assertProblem(client.delete(path("xyz")), 400);
      assertThat(accepted()).isEmpty();
    }
  }

  /**
   * The {@code Idempotency-Key} header as the edge reads it: the key (scoped to Kong's consumer)
   * and the request's fingerprint reach the core; a malformed key is a 400; the answers to a repeat
   * are built on the first operation's entity. The fake answers a repeat as the core does.
   */
  @Nested
  class IdempotencyKeys {
    private static final String KEY = "Idempotency-Key";

    private List<IdempotentRequest> keyed() {
      return commands().keyed;
    }

    @Test
    void aKeyedCreate_reachesTheCoreWithTheConsumersKey_andTheRequestsFingerprint() {
      String body = write(validBody());

      HttpResponse<String> response =
          client.send("POST", basePath(), body, KEY, "\"k-1\"", "X-Consumer-ID", "consumer-7");

      assertThat(response.statusCode()).isEqualTo(202);
      IdempotentRequest request = keyed().getFirst();
      assertThat(request.key()).isEqualTo(new IdempotencyKey("consumer-7", "k-1"));
      assertThat(request.fingerprint())
          .isEqualTo(
              RequestFingerprint.of("POST", basePath(), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRequestWithoutTheHeader_doesNotUseKeys() {
      assertThat(post(validBody()).statusCode()).isEqualTo(202);
      assertThat(keyed()).isEmpty();
    }

    @Test
    void aRepeatedCreate_isAnsweredWithTheFirstOperation_andQueuesNothingMore() {
      HttpResponse<String> first = post(validBody(), KEY, "retry-me");
      HttpResponse<String> repeat = post(validBody(), KEY, "retry-me");

      assertThat(repeat.statusCode()).isEqualTo(202);
      assertThat(repeat.body()).isEqualTo(first.body());
      assertThat(repeat.headers().firstValue("Location"))
          .isEqualTo(first.headers().firstValue("Location"));
      assertThat(accepted()).hasSize(1);
    }

    @Test
    void aRepeatedCreateWithWait_answers201WithTheFirstEntity() {
      commands().onAccept(commands()::applyNow);
      HttpResponse<String> first = post(validBody(), KEY, "retry-me", "Prefer", "wait=5");
      String id = accepted().get(0).entityId().toString();

      HttpResponse<String> repeat = post(validBody(), KEY, "retry-me", "Prefer", "wait=5");

      assertThat(first.statusCode()).isEqualTo(201);
      assertThat(repeat.statusCode()).isEqualTo(201);
      assertThat(repeat.headers().firstValue("Location")).contains(path(id));
      assertThat(json(repeat).at("/data/id").asText()).isEqualTo(id);
      assertThat(accepted()).hasSize(1);
    }

    @Test
    void aRepeatOfARejectedRequestWithWait_answersTheSameProblem() {
      commands().onAccept(command -> commands().reject(command, Rejection.conflict("name taken")));
      HttpResponse<String> first = post(validBody(), KEY, "retry-me", "Prefer", "wait=5");

      HttpResponse<String> repeat = post(validBody(), KEY, "retry-me", "Prefer", "wait=5");

      assertProblem(repeat, 409);
      assertThat(repeat.body()).isEqualTo(first.body());
    }

    @Test
    void theKeyWithAnotherBody_isA422Problem_andQueuesNothingMore() {
      post(validBody(), KEY, "retry-me");
      Map<String, Object> other = validBody();
      other.put(spec.textFields.get(0), "another");

      HttpResponse<String> response = post(other, KEY, "retry-me");

      assertProblem(response, 422);
      assertThat(accepted()).hasSize(1);
    }

    @Test
    void repeatedUpdatesDeletesAndEnrollments_areOneOperationEach() {
      E entity = stored(anEntity("keyed"));
      String enrollment = path(idOf(entity)) + spec.relatedPath + "/" + spec.aRelatedId.get();

      List<HttpResponse<String>> answers =
          List.of(
              put(idOf(entity), validBody(), KEY, "u"),
              put(idOf(entity), validBody(), KEY, "u"),
              client.send("PUT", enrollment, "", KEY, "e"),
              client.send("PUT", enrollment, "", KEY, "e"),
              client.delete(path(idOf(entity)), KEY, "d"),
              client.delete(path(idOf(entity)), KEY, "d"));

      for (int i = 0; i < answers.size(); i += 2) {
        assertThat(answers.get(i).statusCode()).isEqualTo(202);
        assertThat(answers.get(i + 1).body()).isEqualTo(answers.get(i).body());
      }
      assertThat(accepted()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "two words", "\"a\";param=1", "\"unterminated"})
    void aMalformedKey_isA400NamingTheHeader_andNothingIsQueued(String key) {
      HttpResponse<String> response = post(validBody(), KEY, key);

      assertProblem(response, 400);
      assertThat(json(response).get("header").asText()).isEqualTo(KEY);
      assertThat(accepted()).isEmpty();
      assertThat(keyed()).isEmpty();
    }

    @Test
    void aKeyOver255Characters_isA400() {
      assertProblem(post(validBody(), KEY, "k".repeat(256)), 400);
      assertThat(accepted()).isEmpty();
    }

    @Test
    void aBadBodyWithAKey_isA400_andLeavesTheKeyUnused() {
      Map<String, Object> bad = validBody();
      bad.remove(spec.textFields.get(0));
      assertProblem(post(bad, KEY, "retry-me"), 400);

      assertThat(post(validBody(), KEY, "retry-me").statusCode()).isEqualTo(202);
      assertThat(accepted()).hasSize(1);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class BadInput {
    @AfterEach
    void nothingWasQueued() {
      assertThat(accepted()).isEmpty();
    }

    List<String> textFields() {
      return spec.textFields;
    }

    private void assertRefusedNaming(Map<String, Object> body, String field) {
      HttpResponse<String> response = post(body);
      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo(field);
    }

    @Test
    void malformedJson_isA400() {
      assertProblem(client.send("POST", basePath(), "{\"name\": \"Alg"), 400);
      assertProblem(client.send("POST", basePath(), ""), 400);
      assertProblem(client.send("POST", basePath(), "[]"), 400);
      assertProblem(client.send("POST", basePath(), "{} {}"), 400);
    }

    @Test
    void aWrongType_isA400NamingTheField() {
      assertThat(spec.wrongTypes).isNotEmpty();
      spec.wrongTypes.forEach(
          (field, value) -> {
            Map<String, Object> body = validBody();
            body.put(field, value);
            assertRefusedNaming(body, field);
          });
    }

    @ParameterizedTest
    @MethodSource("textFields")
    void aMissingField_isA400NamingIt(String field) {
      Map<String, Object> body = validBody();
      body.remove(field);
      assertRefusedNaming(body, field);
    }

    @ParameterizedTest
    @MethodSource("textFields")
    void anOutOfRangeField_isA400NamingIt(String field) {
      Map<String, Object> body = validBody();
      body.put(field, "ab");
      assertRefusedNaming(body, field);

      body.put(field, "x".repeat(spec.maxTextLength + 1));
      assertRefusedNaming(body, field);
    }

    @Test
    void tooManyRelatedIds_orAMalformedOne_isA400NamingTheField() {
      List<String> related = new ArrayList<>();
      IntStream.range(0, spec.maxRelated + 1).forEach(i -> related.add(spec.aRelatedId.get()));
      Map<String, Object> body = validBody();
      body.put(spec.relatedField, related);
      assertRefusedNaming(body, spec.relatedField);

      body.put(spec.relatedField, List.of(spec.malformedRelatedId));
      assertRefusedNaming(body, spec.relatedField);
    }

    /** Optional means absent: a null is not the list the API documents. */
    @Test
    void aNullListOfRelatedIds_isA400NamingTheField() {
      Map<String, Object> body = validBody();
      body.put(spec.relatedField, null);

      HttpResponse<String> response = post(body);

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo(spec.relatedField);
      assertThat(json(response).get("detail").asText()).endsWith("must not be null");
    }

    @Test
    void anUnknownField_isA400NamingIt() {
      Map<String, Object> body = validBody();
      Map.Entry<String, Object> unknown = spec.unknownField;
      body.put(unknown.getKey(), unknown.getValue());

      HttpResponse<String> response = post(body);

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo(unknown.getKey());
      assertThat(json(response).get("detail").asText()).contains(unknown.getKey());
    }

    @Test
    void aBodyOver64KiB_isA413() {
      Map<String, Object> body = validBody();
      body.put(spec.longTextField, "x".repeat(70 * 1024));

      assertProblem(post(body), 413);
    }

    @Test
    void aNonJsonContentType_isA415() {
      assertProblem(
          client.send("POST", basePath(), write(validBody()), "Content-Type", "text/plain"), 415);
    }

    @Test
    void aMalformedIdOnUpdate_isA400NamingId() {
      HttpResponse<String> response = put("12345", validBody());

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo("id");
    }

    @Test
    void aBadBodyOnUpdate_isA400() {
      E entity = stored(anEntity("badbody"));
      Map<String, Object> body = validBody();
      String last = spec.textFields.get(spec.textFields.size() - 1);
      body.put(last, null);

      HttpResponse<String> response = put(idOf(entity), body);

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo(last);
    }
  }

  /**
   * Every text field with every input of the {@link TextInputCatalogue}: a refused one is a 400
   * problem naming the field (its detail saying why) and nothing is submitted; an accepted one is
   * submitted in its stored form.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TextInput {
    private static final String PLACEHOLDER = "\"text under test\"";

    Stream<Arguments> refusedInputs() {
      return TextInputCatalogue.refused().stream()
          .flatMap(input -> spec.textFields.stream().map(field -> Arguments.of(input, field)));
    }

    Stream<Arguments> acceptedInputs() {
      return TextInputCatalogue.accepted().stream()
          .flatMap(input -> spec.textFields.stream().map(field -> Arguments.of(input, field)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("refusedInputs")
    void aRefusedText_isA400NamingTheField_andNothingIsSubmitted(
        TextInputCatalogue.Case input, String field) {
      HttpResponse<String> response = postWith(field, input);

      assertProblem(response, 400);
      JsonNode problem = json(response);
      assertThat(problem.path("field").asText()).as(response.body()).isEqualTo(field);
      assertThat(problem.get("detail").asText()).startsWith(field + ": ").contains(input.refusal());
      assertThat(accepted()).isEmpty();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("acceptedInputs")
    void anAcceptedText_isSubmittedInItsStoredForm(TextInputCatalogue.Case input, String field) {
      HttpResponse<String> response = postWith(field, input);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      assertThat(accepted()).hasSize(1);
      assertThat(textOf(accepted().get(0), field)).isEqualTo(input.stored());
    }

    /** The valid body with the field's JSON value replaced by the input's raw bytes. */
    private HttpResponse<String> postWith(String field, TextInputCatalogue.Case input) {
      Map<String, Object> body = validBody();
      body.put(field, "text under test");
      String[] around = write(body).split(PLACEHOLDER, -1);
      assertThat(around).hasSize(2);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes(input.json());
      bytes.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
      return client.send("POST", basePath(), bytes.toByteArray());
    }

    /** The text a create carries in the field (snake_case) of its {@code fields} component. */
    private Object textOf(C command, String field) {
      try {
        Object fields = command.getClass().getMethod("fields").invoke(command);
        String component =
            Pattern.compile("_([a-z])")
                .matcher(field)
                .replaceAll(match -> match.group(1).toUpperCase(Locale.ROOT));
        return fields.getClass().getMethod(component).invoke(fields);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(command + " carries no text " + field, e);
      }
    }
  }
}
