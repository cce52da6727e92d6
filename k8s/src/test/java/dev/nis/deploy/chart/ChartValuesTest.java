package dev.nis.deploy.chart;

import static dev.nis.deploy.chart.ChartFiles.at;
import static dev.nis.deploy.chart.ChartFiles.list;
import static dev.nis.deploy.chart.ChartFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.deploy.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Credentials: none has a default, a render names what is missing, existing Secrets replace them.
 */
class ChartValuesTest {
  private static final Pattern SECRET_VALUE_KEY =
      Pattern.compile("(?i).*(apikey|api_key|password|passwd|token)$");
  private static final Pattern TEMPLATE_KEY_LINE = Pattern.compile("^\\s*-?\\s*key:\\s*(.*)$");

  @Test
  void aRenderWithoutTheApiKey_failsNamingIt() {
    Map<String, String> sets = new LinkedHashMap<>(NisChart.TEST_CREDENTIALS);
    sets.remove("kong.consumer.apiKey");

    assertThatThrownBy(() -> NisChart.renderText(List.of(), sets))
        .hasMessageContaining("kong.consumer.apiKey is required");
  }

  @Test
  void aRenderWithoutTheDatabasePasswords_failsNamingThem() {
    Map<String, String> sets = Map.of("kong.consumer.apiKey", NisChart.TEST_API_KEY);

    assertThatThrownBy(() -> NisChart.renderText(List.of(), sets))
        .hasMessageContaining("credentials.postgresPassword is required");
  }

  @Test
  void aTypoInAValuesKey_failsTheRender() {
    Map<String, String> sets = new LinkedHashMap<>(NisChart.TEST_CREDENTIALS);
    sets.put("courses.replica", "3");

    // values.schema.json: every object lists its keys
    assertThatThrownBy(() -> NisChart.renderText(List.of(), sets)).hasMessageContaining("replica");
  }

  @Test
  void aValueOfTheWrongShape_failsTheRender() {
    Map<String, String> sets = new LinkedHashMap<>(NisChart.TEST_CREDENTIALS);
    sets.put("config.peerDeadline", "two seconds");

    assertThatThrownBy(() -> NisChart.renderText(List.of(), sets))
        .hasMessageContaining("peerDeadline");
  }

  @Test
  void existingSecretsReplaceTheRenderedOnes() {
    Rendered r =
        NisChart.render(
            List.of(),
            Map.of(
                "credentials.existingSecret", "my-credentials",
                "kong.consumer.existingSecret", "my-api-key"));

    assertThat(r.ofKind("Secret")).isEmpty();
    assertThat(list(r.get("KongConsumer", "nis-client").body().get("credentials")))
        .containsExactly("my-api-key");
    for (Manifest d : r.ofKind("Deployment")) {
      assertThat(
              list(d.containers().get(0).get("env")).stream()
                  .map(e -> at(map(e), "valueFrom.secretKeyRef.name"))
                  .filter(Objects::nonNull))
          .as("%s", d)
          .isNotEmpty()
          .allMatch("my-credentials"::equals);
    }
  }

  @Test
  void theDefaultValuesHoldNoCredential() {
    Map<String, Object> values = ChartFiles.readYaml(ChartFiles.chart().resolve("values.yaml"));

    assertThat(at(values, "kong.consumer.apiKey")).isEqualTo("");
    assertThat(at(values, "kong.consumer.existingSecret")).isEqualTo("");
    assertThat(at(values, "credentials.existingSecret")).isEqualTo("");
    for (String password : List.of("postgresPassword", "mongoPassword", "redisPassword")) {
      assertThat(at(values, "credentials." + password)).as(password).isEqualTo("");
    }
  }

  @Test
  void noValuesFileSetsAKeyOrPassword() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path file : yamlFiles()) {
      if (file.startsWith(ChartFiles.chart().resolve("templates"))) {
        continue; // templates are not YAML until rendered: checked below
      }
      walk(
          ChartFiles.readYaml(file),
          "",
          (path, value) -> {
            // credentials.keys.* name the keys inside a Secret, not their values
            if (SECRET_VALUE_KEY.matcher(path).matches()
                && !path.contains(".keys.")
                && value instanceof String s
                && !s.isEmpty()) {
              offenders.add(Repo.root().relativize(file) + ": " + path);
            }
          });
    }
    assertThat(offenders).as("keys or passwords with a value").isEmpty();
  }

  @Test
  void everyKeyInTheTemplatesComesFromValues() throws IOException {
    List<String> literals = new ArrayList<>();
    try (Stream<Path> templates = Files.list(ChartFiles.chart().resolve("templates"))) {
      for (Path template : templates.toList()) {
        int n = 0;
        for (String line : Files.readAllLines(template)) {
          n++;
          Matcher m = TEMPLATE_KEY_LINE.matcher(line);
          if (m.matches() && !m.group(1).startsWith("{{")) {
            literals.add(template.getFileName() + ":" + n + ": " + line.strip());
          }
        }
      }
    }
    assertThat(literals).isEmpty();
  }

  @Test
  void theApiKeyGivenToARenderEndsUpOnlyInTheCredentialSecret() throws IOException {
    String text = NisChart.renderText(List.of(), NisChart.TEST_CREDENTIALS);

    assertThat(text.split(Pattern.quote(NisChart.TEST_API_KEY), -1)).hasSize(2);
    assertThat(
            at(NisChart.defaults().get("Secret", "nis-client-key-auth").body(), "stringData.key"))
        .isEqualTo(NisChart.TEST_API_KEY);
    for (Path file : yamlFiles()) {
      assertThat(Files.readString(file)).doesNotContain(NisChart.TEST_API_KEY);
    }
  }

  private static List<Path> yamlFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(ChartFiles.chart(), Repo.root().resolve("k8s/values"))) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
            .forEach(files::add);
      }
    }
    assertThat(files).isNotEmpty();
    return files;
  }

  private static void walk(Object node, String path, BiConsumer<String, Object> visit) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path.isEmpty() ? String.valueOf(k) : path + "." + k, visit));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> walk(v, path, visit));
    } else {
      visit.accept(path, node);
    }
  }
}
