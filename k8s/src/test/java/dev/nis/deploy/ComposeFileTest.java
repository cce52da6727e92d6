package dev.nis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComposeFileTest {
  private static final Set<String> PUBLISHED = Set.of("kong", "prometheus", "grafana");
  private static final Set<String> ONE_SHOTS = Set.of("initializer");
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(PASSWORD|SECRET|API_KEY|TOKEN).*");
  private static final Pattern INTERPOLATED = Pattern.compile("^\\$\\{[A-Z0-9_]+(:?[-?][^}]*)?}$");

  private static Map<String, Object> services;

  @BeforeAll
  static void load() throws IOException {
    services = Repo.map(Repo.yaml("docker-compose.yml").get("services"));
  }

  @Test
  void theWholeStackIsThere() {
    assertThat(services.keySet())
        .containsExactlyInAnyOrder(
            "kong",
            "mongodb",
            "postgres",
            "redis",
            "nats",
            "initializer",
            "courses",
            "students",
            "courses-canary",
            "students-canary",
            "prometheus",
            "grafana",
            "jaeger");
  }

  @Test
  void bothServicesExportTracesToJaeger_whichGrafanaQueries() throws IOException {
    for (String name : List.of("courses", "students")) {
      Map<String, Object> env = Repo.map(Repo.map(services.get(name)).get("environment"));
      assertThat(env)
          .as(name)
          .containsEntry("OTEL_TRACES_EXPORTER", "otlp")
          .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318");
    }
    Map<String, Object> jaeger = Repo.map(services.get("jaeger"));
    assertThat((String) jaeger.get("image")).startsWith("jaegertracing/jaeger:2.");
    assertThat(Repo.map(jaeger.get("environment"))).containsEntry("JAEGER_LISTEN_HOST", "0.0.0.0");
    Map<String, Object> source =
        Repo.map(
            Repo.list(
                    Repo.yaml("k8s/compose/grafana/provisioning/datasources/jaeger.yml")
                        .get("datasources"))
                .getFirst());
    assertThat(source)
        .containsEntry("uid", "jaeger")
        .containsEntry("type", "jaeger")
        .containsEntry("url", "http://jaeger:16686");
  }

  /**
   * A canary is its service's container with another image tag ({@code <SERVICE>_CANARY_TAG}), only
   * under the profile "canary"; nothing else of the stack is behind a profile.
   */
  @Test
  void eachCanaryIsItsServiceWithAnotherTagBehindTheCanaryProfile() {
    for (String service : List.of("courses", "students")) {
      Map<String, Object> stable = new LinkedHashMap<>(Repo.map(services.get(service)));
      Map<String, Object> canary = new LinkedHashMap<>(Repo.map(services.get(service + "-canary")));
      assertThat(Repo.list(canary.remove("profiles"))).containsExactly("canary");
      assertThat((String) canary.remove("image"))
          .isEqualTo("nis/" + service + ":${" + service.toUpperCase() + "_CANARY_TAG:-0.1.0}");
      stable.remove("image");
      assertThat(canary).isEqualTo(stable);
    }
    assertThat(services.entrySet())
        .filteredOn(e -> Repo.map(e.getValue()).containsKey("profiles"))
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("courses-canary", "students-canary");
  }

  @Test
  void onlyKongPrometheusAndGrafanaPublishPorts() {
    services.forEach(
        (name, s) -> {
          Map<String, Object> svc = Repo.map(s);
          if (PUBLISHED.contains(name)) {
            assertThat(Repo.list(svc.get("ports"))).as("ports of %s", name).hasSize(1);
          } else {
            assertThat(svc.get("ports")).as("ports of %s", name).isNull();
          }
        });
    assertThat(Repo.list(Repo.map(services.get("kong")).get("ports"))).containsExactly("8000:8000");
    assertThat(Repo.list(Repo.map(services.get("prometheus")).get("ports")))
        .containsExactly("9090:9090");
    assertThat(Repo.list(Repo.map(services.get("grafana")).get("ports")))
        .containsExactly("3000:3000");
  }

  @Test
  void everyServiceHasAHealthcheckOrIsAOneShot() {
    services.forEach(
        (name, s) -> {
          Map<String, Object> svc = Repo.map(s);
          if (ONE_SHOTS.contains(name)) {
            assertThat(svc.get("restart")).as("restart of %s", name).isEqualTo("no");
          } else {
            Map<String, Object> hc = Repo.map(svc.get("healthcheck"));
            assertThat(Repo.list(hc.get("test"))).as("healthcheck of %s", name).isNotEmpty();
          }
        });
  }

  @Test
  void javaServicesWaitForTheInitializer() {
    for (String name : List.of("courses", "students")) {
      Map<String, Object> dependsOn = Repo.map(Repo.map(services.get(name)).get("depends_on"));
      assertThat(Repo.map(dependsOn.get("initializer")).get("condition"))
          .as("%s on initializer", name)
          .isEqualTo("service_completed_successfully");
    }
  }

  @Test
  void everyDependencyNamesAServiceAndAValidCondition() {
    Set<String> conditions =
        Set.of("service_started", "service_healthy", "service_completed_successfully");
    services.forEach(
        (name, s) -> {
          Object d = Repo.map(s).get("depends_on");
          if (d == null) {
            return;
          }
          Repo.map(d)
              .forEach(
                  (dep, cond) -> {
                    assertThat(services).as("%s depends on %s", name, dep).containsKey(dep);
                    assertThat(conditions).contains((String) Repo.map(cond).get("condition"));
                    if (!ONE_SHOTS.contains(dep)
                        && "service_healthy".equals(Repo.map(cond).get("condition"))) {
                      assertThat(Repo.map(services.get(dep)).get("healthcheck")).isNotNull();
                    }
                  });
        });
  }

  @Test
  void noSecretLiteral() {
    List<String> literals = new ArrayList<>();
    services.forEach(
        (name, s) ->
            Repo.map(Repo.map(s).get("environment"))
                .forEach(
                    (key, value) -> {
                      if (SECRET_NAME.matcher(key).matches()
                          && !INTERPOLATED.matcher(String.valueOf(value)).matches()) {
                        literals.add(name + "." + key);
                      }
                    }));
    assertThat(literals).as("secrets not taken from .env").isEmpty();
  }

  @Test
  void envExampleNamesEverySecretWithAPlaceholder() throws IOException {
    List<String> lines = Files.readAllLines(Repo.root().resolve(".env.example"));
    assertThat(lines)
        .contains(
            "NIS_API_KEY=change-me",
            "POSTGRES_PASSWORD=change-me",
            "GRAFANA_ADMIN_PASSWORD=change-me");
  }

  @Test
  void mountedFilesExist() {
    services.forEach(
        (name, s) -> {
          for (Object v : Repo.list(Repo.map(s).get("volumes"))) {
            String spec = (String) v;
            if (spec.startsWith("./")) {
              String hostPath = spec.substring(2, spec.indexOf(':'));
              assertThat(Files.exists(Repo.root().resolve(hostPath)))
                  .as("%s mounts %s", name, hostPath)
                  .isTrue();
            }
          }
        });
  }

  @Test
  void prometheusScrapesBothServicesAndKong() throws IOException {
    String prom = Files.readString(Repo.root().resolve("k8s/compose/prometheus.yml"));
    assertThat(prom).contains("courses:8081", "students:8082", "kong:8100");
    Map<String, Object> kongEnv = Repo.map(Repo.map(services.get("kong")).get("environment"));
    assertThat((String) kongEnv.get("KONG_STATUS_LISTEN")).endsWith(":8100");
  }

  /** A restart from a snapshot would serve entries older than applied changes (I3). */
  @Test
  void redisKeepsNothingAcrossRestarts() {
    List<Object> command = Repo.list(Repo.map(services.get("redis")).get("command"));
    assertThat(command).containsSubsequence("--save", "").containsSubsequence("--appendonly", "no");
    // a bounded cache that evicts what expires soonest, never a key without a TTL
    assertThat(command)
        .containsSubsequence("--maxmemory", "256mb")
        .containsSubsequence("--maxmemory-policy", "volatile-ttl");
    assertThat(Repo.map(services.get("redis"))).doesNotContainKey("volumes");
  }
}
