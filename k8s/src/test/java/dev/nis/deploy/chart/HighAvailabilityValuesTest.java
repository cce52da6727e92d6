package dev.nis.deploy.chart;

import static dev.nis.deploy.chart.ChartFiles.at;
import static dev.nis.deploy.chart.ChartFiles.list;
import static dev.nis.deploy.chart.ChartFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.deploy.Repo;
import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * High availability in production (issue 14): NATS as a JetStream cluster of 3 with every stream at
 * 3 replicas, MongoDB as a replica set, PostgreSQL with a standby, each from its own chart's values
 * (k8s/values/*-ha.yaml over the base files), and the nis chart's rendered connection settings
 * naming exactly what those values make (the dependency charts are not available here, so their
 * object names are their documented conventions: pods {@code <release>-<i>} behind {@code
 * <release>-headless}, the primary's Service {@code postgresql-primary}). Defaults and compose stay
 * single-node.
 */
class HighAvailabilityValuesTest {
  private static final Map<String, Object> NATS =
      ChartFiles.merge(
          ChartFiles.readYaml(ChartFiles.values("nats.yaml")),
          ChartFiles.readYaml(ChartFiles.values("nats-ha.yaml")));
  private static final Map<String, Object> MONGODB =
      ChartFiles.merge(
          ChartFiles.readYaml(ChartFiles.values("mongodb.yaml")),
          ChartFiles.readYaml(ChartFiles.values("mongodb-ha.yaml")));
  private static final Map<String, Object> POSTGRESQL =
      ChartFiles.merge(
          ChartFiles.readYaml(ChartFiles.values("postgresql.yaml")),
          ChartFiles.readYaml(ChartFiles.values("postgresql-ha.yaml")));

  @Test
  void natsRunsAsAClusterOfThree_onePerNode_atMostOneEvicted() {
    assertThat(at(NATS, "config.cluster.enabled")).isEqualTo(true);
    assertThat(at(NATS, "config.cluster.replicas")).isEqualTo(3);
    assertThat(at(NATS, "config.jetstream.fileStore.pvc.enabled")).isEqualTo(true);
    assertThat(at(NATS, "podDisruptionBudget.enabled")).isEqualTo(true);
    assertThat(at(NATS, "podDisruptionBudget.merge.spec.maxUnavailable")).isEqualTo(1);
    Map<String, Object> antiAffinity =
        map(
            list(at(
                    NATS,
                    "podTemplate.merge.spec.affinity.podAntiAffinity"
                        + ".requiredDuringSchedulingIgnoredDuringExecution"))
                .get(0));
    assertThat(antiAffinity.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
    assertThat(map(at(antiAffinity, "labelSelector.matchLabels")))
        .containsEntry("app.kubernetes.io/instance", "nats");
    assertThat(at(NATS, "podTemplate.annotations")).as("the base file's merge is kept").isNull();
    assertThat(map(at(NATS, "podTemplate.merge.metadata.annotations")))
        .containsEntry("prometheus.io/scrape", "true");
  }

  @Test
  void productionStoresEveryStreamOnEveryNatsServer_andConnectsToAllOfThem() {
    Rendered r = NisChart.production();
    int servers = (Integer) at(NATS, "config.cluster.replicas");
    Map<String, Object> job = onlyContainerEnv(r.get("Job", "initializer"));
    assertThat(job.get("NIS_STREAM_REPLICAS")).isEqualTo(Integer.toString(servers));
    List<String> expected =
        IntStream.range(0, servers)
            .mapToObj(i -> "nats://nats-" + i + ".nats-headless:4222")
            .toList();
    assertThat(Arrays.asList(((String) job.get("NATS_URL")).split(","))).isEqualTo(expected);
    for (String service : List.of("courses", "students")) {
      assertThat(
              Arrays.asList(
                  ((String) configMap(r, service + "-config").get("NATS_URL")).split(",")))
          .as(service)
          .isEqualTo(expected);
    }
  }

  @Test
  void productionCoursesConnectToEveryMemberOfTheReplicaSet() {
    Rendered r = NisChart.production();
    String uri = (String) onlyContainerEnv(r.get("Deployment", "courses")).get("MONGO_URI");
    int members = (Integer) MONGODB.get("replicaCount");
    String hosts =
        String.join(
            ",",
            IntStream.range(0, members)
                .mapToObj(i -> "mongodb-" + i + ".mongodb-headless:27017")
                .toList());
    assertThat(MONGODB.get("architecture")).isEqualTo("replicaset");
    assertThat(members).isGreaterThanOrEqualTo(3);
    assertThat(at(MONGODB, "arbiter.enabled")).isEqualTo(false);
    assertThat(at(MONGODB, "pdb.create")).isEqualTo(true);
    assertThat(uri)
        .isEqualTo(
            "mongodb://nis:$(MONGO_PASSWORD)@"
                + hosts
                + "/nis?authSource=nis&replicaSet="
                + MONGODB.get("replicaSetName"));
  }

  @Test
  void productionStudentsWriteToThePrimaryOfAPrimaryWithASynchronousStandby() {
    Rendered r = NisChart.production();
    URI jdbc =
        URI.create(
            ((String) configMap(r, "students-config").get("POSTGRES_URL"))
                .substring("jdbc:".length()));
    assertThat(POSTGRESQL.get("architecture")).isEqualTo("replication");
    assertThat((Integer) at(POSTGRESQL, "readReplicas.replicaCount")).isGreaterThanOrEqualTo(1);
    assertThat(at(POSTGRESQL, "replication.synchronousCommit")).isEqualTo("on");
    assertThat(at(POSTGRESQL, "replication.numSynchronousReplicas")).isEqualTo(1);
    assertThat(at(POSTGRESQL, "primary.pdb.create")).isEqualTo(true);
    assertThat(jdbc.getHost()).isEqualTo("postgresql-primary");
    assertThat(jdbc.getPort()).isEqualTo(5432);
  }

  @Test
  void defaultsAndComposeStaySingleNode() throws Exception {
    Rendered r = NisChart.defaults();
    Map<String, Object> job = onlyContainerEnv(r.get("Job", "initializer"));
    assertThat(job.get("NIS_STREAM_REPLICAS")).isEqualTo("1");
    assertThat(job.get("NATS_URL")).isEqualTo("nats://nats:4222");
    assertThat((String) onlyContainerEnv(r.get("Deployment", "courses")).get("MONGO_URI"))
        .isEqualTo("mongodb://nis:$(MONGO_PASSWORD)@mongodb:27017/nis?authSource=nis");
    String compose = Files.readString(Repo.root().resolve("docker-compose.yml"));
    assertThat(compose).doesNotContain("NIS_STREAM_REPLICAS").doesNotContain("nats-1");
  }

  private static Map<String, Object> configMap(Rendered r, String name) {
    return map(r.get("ConfigMap", name).body().get("data"));
  }

  private static Map<String, Object> onlyContainerEnv(Manifest m) {
    assertThat(m.containers()).as("containers of %s", m).hasSize(1);
    Map<String, Object> env = new LinkedHashMap<>();
    list(m.containers().get(0).get("env")).stream()
        .map(ChartFiles::map)
        .forEach(e -> env.put((String) e.get("name"), e.get("value")));
    return env;
  }
}
