package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.ApiClient.Reply;
import dev.nis.common.testing.JsonLogLines;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.ServiceProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Logs are JSON, always (README.md, "Configuration"): the service started as its own process with
 * its production logging configuration (the logback {@code Configurator} its jar names), sent good
 * requests and the bad inputs that once escaped the JSON log (a NUL, an unpaired surrogate, blank
 * names, malformed JSON, an unknown route, a peer that is down), then stopped with SIGTERM, wrote
 * only lines that are each one JSON object, on stdout and stderr alike. Whether a bad name is
 * refused (400) or taken (201) is not this test's concern: only what the process writes is. Each
 * service's {@code JsonLogsIT} runs it.
 */
public abstract class JsonLogsContract {
  /**
   * Names as they go into a JSON body (escaped): a NUL, an unpaired surrogate, three spaces and
   * blank control characters.
   */
  private static final List<String> BAD_NAMES =
      List.of("ada\\u0000x", "ab\\uD800cd", "   ", "\\t\\n\\r");

  private final ServiceFixture fixture;

  protected JsonLogsContract(ServiceFixture fixture) {
    this.fixture = fixture;
  }

  @Test
  void everyLineTheServiceWrites_isAJsonObject_whateverItIsSent() throws Exception {
    Service service = fixture.service();
    String base = service.basePath();
    List<String> answers = new ArrayList<>();
    try (RunningService env = fixture.prepare(Map.of());
        ServiceProcess process = env.processBuilder().productionLogging().build()) {
      process.start();
      ApiClient api = new ApiClient(process.baseUri());

      Reply created = api.post(base, fixture.body("Json Logs"), "Prefer", "wait=5");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.data().get("id").asText();
      answers.add(created.status() + " for a good create");
      answer(answers, "a read", api.get(base + "/" + id));
      answer(answers, "a list", api.get(base));
      answer(answers, "the peer's view with the peer down", api.get(peerView(service, id)));
      for (String name : BAD_NAMES) {
        Reply reply = api.post(base, fixture.body(name), "Prefer", "wait=5");
        answer(answers, "the name \"" + name + "\"", reply);
        if (reply.status() == 201) {
          answer(answers, "a read of it", api.get(base + "/" + reply.data().get("id").asText()));
        }
        answer(answers, "a list", api.get(base));
      }
      answer(answers, "malformed JSON", api.post(base, "{\"name\":"));
      answer(answers, "an unknown route", api.get(base + "/" + id + "/no/such/route"));
      answer(answers, "an unknown path", api.get("/no/such/path"));

      int exit = process.terminate(Duration.ofSeconds(15));
      assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);

      JsonLogLines output = JsonLogLines.of(Files.readAllBytes(process.log()));
      assertThat(output.count()).as("lines the service wrote").isPositive();
      assertThat(output.notJsonObjects())
          .as(
              "lines of %s (stdout and stderr) that are not a JSON object; answers: %s",
              process.log(), answers)
          .isEmpty();
      assertThat(output.objects())
          .as("the stop is logged")
          .anySatisfy(
              line ->
                  assertThat(line.path("message").asText())
                      .isEqualTo(service.serviceName() + " stopped"));
    }
  }

  /**
   * A setting start-up cannot use ends it with exit code 2 and JSON lines, one naming the variable.
   * A namespace of 33 to 63 characters passed the first check and then failed another one, which
   * ended the process with exit code 1 and not a byte written (found by a fresh helper).
   */
  @Test
  void aSettingThatCannotBeUsed_endsStartUpWithJsonLinesNamingIt() throws Exception {
    try (RunningService env =
            fixture.prepare(Map.of("NIS_NAMESPACE", "a-namespace-of-more-than-32-characters"));
        ServiceProcess process = env.processBuilder().productionLogging().build()) {
      assertStartUpEnds(process, 2, "configuration error", "NIS_NAMESPACE");
    }
  }

  /**
   * The tracing SDK's settings, read as the service starts, are settings like the others: exit 2
   * and a line naming them (they ended start-up with exit 1, and the exporter's protocol with "No
   * GrpcSenderProvider found"; found by a fresh helper).
   */
  @ParameterizedTest
  @CsvSource({
    "OTEL_TRACES_EXPORTER, bogus, OTEL_*",
    "OTEL_EXPORTER_OTLP_PROTOCOL, grpc, OTEL_EXPORTER_OTLP_PROTOCOL"
  })
  void aTracingSettingThatCannotBeUsed_endsStartUpNamingIt(
      String variable, String value, String named) throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(Map.of(variable, value));
    settings.putIfAbsent("OTEL_TRACES_EXPORTER", "otlp");
    try (RunningService env = fixture.prepare(settings);
        ServiceProcess process = env.processBuilder().productionLogging().build()) {
      assertStartUpEnds(process, 2, "configuration error", named);
    }
  }

  /** Started on a namespace the initializer never provisioned: exit 1, a line saying what to do. */
  @Test
  void aNamespaceWithoutItsStreams_endsStartUpSayingToRunTheInitializer() throws Exception {
    String unprovisioned = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (RunningService env = fixture.prepare(Map.of("NIS_NAMESPACE", unprovisioned));
        ServiceProcess process = env.processBuilder().productionLogging().build()) {
      assertStartUpEnds(process, 1, "could not start", "run the initializer first");
    }
  }

  /** Its HTTP port taken: exit 1, a line naming the setting to change. */
  @Test
  void aPortInUse_endsStartUpNamingItsSetting() throws Exception {
    String variable = fixture.service().serviceName().toUpperCase(Locale.ROOT) + "_HTTP_PORT";
    try (ServerSocket taken = new ServerSocket(0);
        RunningService env = fixture.prepare(Map.of());
        ServiceProcess process =
            env.processBuilder()
                .env(Map.of(variable, Integer.toString(taken.getLocalPort())))
                .productionLogging()
                .build()) {
      assertStartUpEnds(process, 1, "port it listens on is in use", variable);
    }
  }

  /**
   * Runs the process to its exit: {@code code}, every line of its output a JSON object, and one
   * whose message holds each of {@code phrases}.
   */
  private static void assertStartUpEnds(ServiceProcess process, int code, String... phrases)
      throws Exception {
    int exit = process.runToExit(Duration.ofSeconds(60));

    JsonLogLines output = JsonLogLines.of(Files.readAllBytes(process.log()));
    assertThat(exit).as("exit code; the output: %s", output.objects()).isEqualTo(code);
    assertThat(output.notJsonObjects()).isEmpty();
    assertThat(output.objects())
        .anySatisfy(line -> assertThat(line.path("message").asText()).contains(phrases));
  }

  private static void answer(List<String> answers, String request, Reply reply) {
    answers.add(reply.status() + " for " + request);
  }

  /** The peer's side of the relation, e.g. {@code /api/courses/{id}/students}. */
  private static String peerView(Service service, String id) {
    String peer = service == Service.COURSES ? "students" : "courses";
    return service.basePath() + "/" + id + "/" + peer;
  }
}
