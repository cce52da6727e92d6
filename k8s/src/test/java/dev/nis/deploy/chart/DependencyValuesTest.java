package dev.nis.deploy.chart;

import static dev.nis.deploy.chart.ChartFiles.at;
import static dev.nis.deploy.chart.ChartFiles.list;
import static dev.nis.deploy.chart.ChartFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.deploy.Repo;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nis chart's defaults, the dependency charts' values files (k8s/values) and the releases
 * k8s/minikube-up.sh installs agree: names, namespaces, Secret keys, labels. The dependency charts
 * themselves are not available here, so what their values produce (Service names, pod labels) is
 * taken from their documented conventions, stated in each values file.
 */
class DependencyValuesTest {
  private static final Pattern INSTALL =
      Pattern.compile("helm upgrade --install (\\S+) (\\S+)[^\\n]*?-n \"\\$(\\w+)\"");
  private static final Pattern DEFAULT = Pattern.compile("(?m)^(\\w+)=\\$\\{\\w+:-([^}]*)}");

  private static String script;
  private static Map<String, String> releaseNamespaceVariable; // release -> NIS_NS / KONG_NS / ...
  private static Map<String, String> defaults; // variable -> default value
  private static Map<String, Object> values;
  private static Map<String, Object> production;

  @BeforeAll
  static void load() throws IOException {
    script = Files.readString(Repo.root().resolve("k8s/minikube-up.sh"));
    releaseNamespaceVariable = new HashMap<>();
    Matcher install = INSTALL.matcher(script.replace("\\\n", " "));
    while (install.find()) {
      releaseNamespaceVariable.put(install.group(1), install.group(3));
    }
    defaults = new HashMap<>();
    Matcher d = DEFAULT.matcher(script);
    while (d.find()) {
      defaults.put(d.group(1), d.group(2));
    }
    values = ChartFiles.readYaml(ChartFiles.chart().resolve("values.yaml"));
    production = ChartFiles.readYaml(ChartFiles.values("production.yaml"));
  }

  private static String namespaceOf(String release) {
    assertThat(releaseNamespaceVariable).as("releases the script installs").containsKey(release);
    return defaults.get(releaseNamespaceVariable.get(release));
  }

  private static Map<String, Object> dependency(String file) {
    return ChartFiles.readYaml(ChartFiles.values(file));
  }

  @Test
  void theScriptInstallsEveryReleaseTheChartTalksTo() {
    assertThat(releaseNamespaceVariable.keySet())
        .containsExactlyInAnyOrder(
            "kong",
            "nats",
            "mongodb",
            "postgresql",
            "redis",
            "prometheus",
            "loki",
            "grafana",
            "fluent-bit",
            "nis");
    for (String sameNamespace : List.of("nats", "mongodb", "postgresql", "redis")) {
      assertThat(namespaceOf(sameNamespace)).as(sameNamespace).isEqualTo(namespaceOf("nis"));
    }
  }

  @Test
  void networkPolicyNamespacesAreWhereKongAndPrometheusAreInstalled() {
    assertThat(at(values, "networkPolicy.kong.namespace")).isEqualTo(namespaceOf("kong"));
    assertThat(at(values, "networkPolicy.prometheus.namespace"))
        .isEqualTo(namespaceOf("prometheus"));
    assertThat(script)
        .contains("--set networkPolicy.kong.namespace=\"$KONG_NS\"")
        .contains("--set networkPolicy.prometheus.namespace=\"$MONITORING_NS\"");
    // the Kong chart labels its pods with its chart name; the prometheus chart its server pods
    assertThat(at(values, "networkPolicy.kong.podLabels"))
        .isEqualTo(Map.of("app.kubernetes.io/name", "kong"));
    assertThat(at(values, "networkPolicy.prometheus.podLabels"))
        .isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
    assertThat(script).contains("kong/kong ").contains("prometheus-community/prometheus ");
  }

  @Test
  void natsIsTheNatsReleaseWithJetStreamOnFiles() {
    URI nats = URI.create((String) at(values, "config.natsUrl"));
    assertThat(nats.getHost()).isEqualTo("nats");
    assertThat(nats.getPort()).isEqualTo(4222);
    Map<String, Object> chart = dependency("nats.yaml");
    assertThat(at(chart, "config.jetstream.enabled")).isEqualTo(true);
    assertThat(at(chart, "config.jetstream.fileStore.enabled")).isEqualTo(true);
    assertThat(at(chart, "config.jetstream.fileStore.pvc.enabled")).isEqualTo(true);
  }

  @Test
  void mongodbIsTheStandaloneMongodbReleaseWithTheNisUser() {
    Map<String, Object> chart = dependency("mongodb.yaml");
    assertThat(at(values, "mongodb.host")).isEqualTo("mongodb");
    assertThat(at(values, "mongodb.port")).isEqualTo(27017);
    assertThat(chart.get("architecture")).isEqualTo("standalone");
    assertThat(list(at(chart, "auth.usernames"))).containsExactly(at(values, "mongodb.username"));
    assertThat(list(at(chart, "auth.databases"))).containsExactly(at(values, "mongodb.database"));
    // a user is created in its database: that is where it authenticates
    assertThat(at(values, "mongodb.authSource")).isEqualTo(at(values, "mongodb.database"));
    assertThat(at(chart, "auth.existingSecret"))
        .isEqualTo(at(production, "credentials.existingSecret"));
    // the Bitnami chart reads the users' passwords under this fixed key
    assertThat(at(values, "credentials.keys.mongoPassword")).isEqualTo("mongodb-passwords");
  }

  @Test
  void postgresqlIsThePostgresqlReleaseWhoseUserOwnsTheDatabase() {
    Map<String, Object> chart = dependency("postgresql.yaml");
    assertThat(at(values, "postgresql.host")).isEqualTo("postgresql");
    assertThat(at(values, "postgresql.port")).isEqualTo(5432);
    assertThat(at(chart, "auth.username")).isEqualTo(at(values, "postgresql.username"));
    assertThat(at(chart, "auth.database")).isEqualTo(at(values, "postgresql.database"));
    assertThat(at(chart, "auth.secretKeys.userPasswordKey"))
        .isEqualTo(at(values, "credentials.keys.postgresPassword"));
    assertThat(at(chart, "auth.existingSecret"))
        .isEqualTo(at(production, "credentials.existingSecret"));
  }

  @Test
  void redisIsTheMasterServiceOfTheStandaloneRedisRelease() {
    Map<String, Object> chart = dependency("redis.yaml");
    assertThat(chart.get("architecture")).isEqualTo("standalone");
    assertThat(at(values, "redis.host")).isEqualTo("redis-master");
    assertThat(at(values, "redis.port")).isEqualTo(6379);
    assertThat(at(values, "redis.auth")).isEqualTo(at(chart, "auth.enabled"));
    assertThat(at(chart, "auth.existingSecretPasswordKey"))
        .isEqualTo(at(values, "credentials.keys.redisPassword"));
    assertThat(at(chart, "auth.existingSecret"))
        .isEqualTo(at(production, "credentials.existingSecret"));
    // a cache keeps nothing across restarts: a snapshot or an append-only file brought back would
    // serve entries older than applied changes (I3)
    assertThat(at(chart, "master.persistence.enabled")).isEqualTo(false);
    assertThat(((String) chart.get("commonConfiguration")).lines().map(String::strip))
        .contains("appendonly no", "save \"\"", "maxmemory 192mb", "maxmemory-policy volatile-ttl");
  }

  @Test
  void theScriptMakesTheSecretsWithEveryKeyTheChartsRead() {
    Set<String> literals = new HashSet<>();
    Matcher m = Pattern.compile("--from-literal=([\\w-]+)=").matcher(script);
    while (m.find()) {
      literals.add(m.group(1));
    }
    Map<String, Object> keys = map(at(values, "credentials.keys"));
    assertThat(literals)
        .containsAll(keys.values().stream().map(String::valueOf).toList())
        .contains("postgres-password", "mongodb-root-password", "key");
    assertThat(script)
        .contains("create secret generic " + at(production, "credentials.existingSecret"))
        .contains("create secret generic " + at(production, "kong.consumer.existingSecret"))
        .contains("konghq.com/credential=key-auth")
        .contains(
            "--set credentials.existingSecret=" + at(production, "credentials.existingSecret"))
        .contains(
            "--set kong.consumer.existingSecret=" + at(production, "kong.consumer.existingSecret"));
  }

  @Test
  void kongRunsDbLessWithTheControllerOfTheChartsIngressClass() {
    Map<String, Object> kong = dependency("kong.yaml");
    assertThat(at(kong, "env.database")).isEqualTo("off");
    assertThat(at(kong, "ingressController.enabled")).isEqualTo(true);
    assertThat(at(kong, "ingressController.ingressClass"))
        .isEqualTo(at(values, "ingress.className"));
    assertThat(map(kong.get("podAnnotations"))).containsEntry("prometheus.io/scrape", "true");
    assertThat(map(kong.get("podAnnotations")).get("prometheus.io/port"))
        .isEqualTo(String.valueOf(at(kong, "status.http.containerPort")));
  }

  @Test
  void grafanaLoadsTheChartsDashboardWithTheDataSourcesItNames() throws IOException {
    Map<String, Object> grafana = dependency("grafana.yaml");
    Map<String, Object> labels = map(at(values, "dashboards.labels"));
    assertThat(labels)
        .containsEntry(
            (String) at(grafana, "sidecar.dashboards.label"),
            at(grafana, "sidecar.dashboards.labelValue"));
    assertThat(at(grafana, "sidecar.dashboards.searchNamespace")).isEqualTo("ALL");

    List<Map<String, Object>> sources =
        list(at(map(map(grafana.get("datasources")).get("datasources.yaml")), "datasources"))
            .stream()
            .map(ChartFiles::map)
            .toList();
    String dashboard = Files.readString(ChartFiles.chart().resolve("dashboards/nis-overview.json"));
    Matcher uid =
        Pattern.compile("\"datasource\"\\s*:\\s*\\{[^}]*\"uid\"\\s*:\\s*\"([^\"]+)\"")
            .matcher(dashboard);
    Set<String> used = new HashSet<>();
    while (uid.find()) {
      used.add(uid.group(1));
    }
    assertThat(used).isNotEmpty();
    assertThat(sources).extracting(s -> s.get("uid")).containsAll(used).contains("loki");

    String monitoring = namespaceOf("grafana");
    assertThat(namespaceOf("prometheus")).isEqualTo(monitoring);
    assertThat(namespaceOf("loki")).isEqualTo(monitoring);
    assertThat(sources)
        .extracting(s -> URI.create((String) s.get("url")).getHost())
        .containsExactlyInAnyOrder(
            "prometheus-server." + monitoring + ".svc.cluster.local",
            "loki." + monitoring + ".svc.cluster.local",
            "jaeger." + namespaceOf("nis") + ".svc.cluster.local");
  }

  @Test
  void grafanasJaegerIsTheOneTheScriptTurnsOnInTheNisRelease() {
    Map<String, Object> jaeger =
        list(
                at(
                    map(map(dependency("grafana.yaml").get("datasources")).get("datasources.yaml")),
                    "datasources"))
            .stream()
            .map(ChartFiles::map)
            .filter(s -> "jaeger".equals(s.get("uid")))
            .findFirst()
            .orElseThrow();
    assertThat(jaeger.get("type")).isEqualTo("jaeger");
    // the query port of the chart's Service "jaeger" (templates/jaeger.yaml)
    assertThat(URI.create((String) jaeger.get("url")).getPort()).isEqualTo(16686);
    assertThat(script)
        .contains("--set tracing.enabled=\"$MONITORING\"")
        .contains("--set tracing.jaeger.enabled=\"$MONITORING\"");
  }

  @Test
  void fluentBitShipsToTheLokiRelease() {
    String outputs = (String) at(dependency("fluent-bit.yaml"), "config.outputs");
    assertThat(outputs)
        .contains("Name                   loki")
        .contains("Host                   loki." + namespaceOf("loki") + ".svc.cluster.local")
        .contains("Port                   3100");
    assertThat(at(dependency("loki.yaml"), "deploymentMode")).isEqualTo("SingleBinary");
  }
}
