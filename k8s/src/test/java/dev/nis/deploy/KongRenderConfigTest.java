package dev.nis.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * kong/render-config.sh, run as compose's Kong runs it (kong/docker-start.sh) on kong/kong.yml: the
 * consumer's key in place of its marker, and each upstream's canary target from {@code
 * <SERVICE>_CANARY_WEIGHT} (README.md, "Canary releases").
 */
class KongRenderConfigTest {
  private static final String KEY = "render-test-key-42";

  @TempDir Path dir;

  private record Run(int exit, String stderr, Map<String, Object> config) {}

  private Run render(Map<String, String> env) throws IOException, InterruptedException {
    Path out = dir.resolve("kong.yml");
    ProcessBuilder pb =
        new ProcessBuilder(
                "sh",
                Repo.root().resolve("kong/render-config.sh").toString(),
                Repo.root().resolve("kong/kong.yml").toString(),
                out.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment()
        .keySet()
        .removeIf(k -> k.endsWith("_CANARY_WEIGHT") || k.equals("NIS_API_KEY"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    Map<String, Object> config = exit == 0 ? new Yaml().load(Files.readString(out)) : Map.of();
    return new Run(exit, stderr, config);
  }

  private static List<Map<String, Object>> targets(Map<String, Object> config, String upstream) {
    return Repo.list(config.get("upstreams")).stream()
        .map(Repo::map)
        .filter(u -> upstream.equals(u.get("name")))
        .findFirst()
        .map(u -> Repo.list(u.get("targets")).stream().map(Repo::map).toList())
        .orElseThrow(() -> new AssertionError("no upstream " + upstream));
  }

  @Test
  void withoutWeightsEachServiceHasOnlyItsStableTarget_andTheKeyIsRendered() throws Exception {
    Run run = render(Map.of("NIS_API_KEY", KEY));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(targets(run.config(), "courses"))
        .extracting(t -> t.get("target"), t -> t.get("weight"))
        .containsExactly(tuple("courses:8081", 100));
    assertThat(targets(run.config(), "students"))
        .extracting(t -> t.get("target"), t -> t.get("weight"))
        .containsExactly(tuple("students:8082", 100));
    Map<String, Object> consumer = Repo.map(Repo.list(run.config().get("consumers")).get(0));
    assertThat(Repo.map(Repo.list(consumer.get("keyauth_credentials")).get(0)).get("key"))
        .isEqualTo(KEY);
  }

  @Test
  void aWeightSplitsTheUpstreamBetweenTheStableAndTheCanaryContainer() throws Exception {
    Run run =
        render(
            Map.of(
                "NIS_API_KEY",
                KEY,
                "COURSES_CANARY_WEIGHT",
                "10",
                "STUDENTS_CANARY_WEIGHT",
                "100"));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(targets(run.config(), "courses"))
        .extracting(t -> t.get("target"), t -> t.get("weight"))
        .containsExactly(tuple("courses:8081", 90), tuple("courses-canary:8081", 10));
    assertThat(targets(run.config(), "students"))
        .extracting(t -> t.get("target"), t -> t.get("weight"))
        .containsExactly(tuple("students:8082", 0), tuple("students-canary:8082", 100));
  }

  /** Every Kong service reaches its pods through the upstream named after its URL's host. */
  @Test
  void everyKongServiceHostIsAnUpstream_andEachCanaryTargetIsACanaryContainersPort()
      throws Exception {
    Run run = render(Map.of("NIS_API_KEY", KEY, "COURSES_CANARY_WEIGHT", "50"));
    Map<String, Object> compose = Repo.map(Repo.yaml("docker-compose.yml").get("services"));

    for (Object s : Repo.list(run.config().get("services"))) {
      String host = URI.create((String) Repo.map(s).get("url")).getHost();
      assertThat(targets(run.config(), host)).isNotEmpty();
    }
    Map<String, Object> canaryEnv =
        Repo.map(Repo.map(compose.get("courses-canary")).get("environment"));
    assertThat(targets(run.config(), "courses").get(1).get("target"))
        .isEqualTo("courses-canary:" + canaryEnv.get("COURSES_HTTP_PORT"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"101", "-5", "ten", "1.5", " 7"})
  void aWeightThatIsNotAPercentStopsKongNamingTheVariable(String weight) throws Exception {
    Run run = render(Map.of("NIS_API_KEY", KEY, "STUDENTS_CANARY_WEIGHT", weight));

    assertThat(run.exit()).isNotZero();
    assertThat(run.stderr()).contains("STUDENTS_CANARY_WEIGHT");
  }

  @Test
  void thePlaceholderKeyIsRefused() throws Exception {
    Run run = render(Map.of("NIS_API_KEY", "change-me"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.stderr()).contains("placeholder");
  }
}
