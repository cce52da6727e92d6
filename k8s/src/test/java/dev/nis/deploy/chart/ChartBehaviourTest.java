package dev.nis.deploy.chart;

import static dev.nis.deploy.chart.ChartFiles.at;
import static dev.nis.deploy.chart.ChartFiles.list;
import static dev.nis.deploy.chart.ChartFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nis.deploy.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the rendered objects do, with the default values and with production.yaml. */
class ChartBehaviourTest {
  private static final List<String> SERVICES = List.of("courses", "students");

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void everyServiceProbesThePinnedEndpointsOnItsHttpPort(String name, Rendered r) {
    for (String service : SERVICES) {
      Map<String, Object> c = onlyContainer(r.get("Deployment", service));
      int httpPort = containerPort(c, "http");

      assertThat(at(c, "livenessProbe.httpGet.path")).isEqualTo("/api/" + service + "/health");
      assertThat(at(c, "readinessProbe.httpGet.path")).isEqualTo("/api/" + service + "/ready");
      assertThat(at(c, "startupProbe.httpGet.path")).isEqualTo("/api/" + service + "/health");
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        assertThat(at(c, probe + ".httpGet.port"))
            .as("%s %s port", service, probe)
            .isEqualTo("http");
      }
      assertThat(httpPort).isEqualTo(service.equals("courses") ? 8081 : 8082);
      assertThat(containerPort(c, "grpc")).isEqualTo(service.equals("courses") ? 9091 : 9092);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void everyContainerHasCpuAndMemoryRequestsAndLimits(String name, Rendered r) {
    for (Manifest m : workloads(r)) {
      for (Map<String, Object> c : m.containers()) {
        for (String bound : List.of("requests", "limits")) {
          assertThat(map(at(c, "resources." + bound)))
              .as("%s %s", m, bound)
              .containsKeys("cpu", "memory");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void everyPodRunsAsNonRootOnAReadOnlyRootWithoutCapabilitiesOrToken(String name, Rendered r) {
    for (Manifest m : workloads(r)) {
      Map<String, Object> pod = m.podSpec();
      assertThat(at(pod, "securityContext.runAsNonRoot")).as("%s", m).isEqualTo(true);
      assertThat(at(pod, "securityContext.runAsUser")).as("%s", m).isEqualTo(65532);
      assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
      assertThat(pod.get("automountServiceAccountToken")).as("%s", m).isEqualTo(false);
      Manifest account = r.get("ServiceAccount", (String) pod.get("serviceAccountName"));
      assertThat(account.body().get("automountServiceAccountToken")).isEqualTo(false);

      for (Map<String, Object> c : m.containers()) {
        Map<String, Object> sc = map(c.get("securityContext"));
        assertThat(sc.get("runAsNonRoot")).as("%s", m).isEqualTo(true);
        assertThat(sc.get("runAsUser")).isEqualTo(65532);
        assertThat(sc.get("readOnlyRootFilesystem")).as("%s", m).isEqualTo(true);
        assertThat(sc.get("allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(list(at(sc, "capabilities.drop"))).containsExactly("ALL");
        assertThat(at(sc, "seccompProfile.type")).isEqualTo("RuntimeDefault");
        // the JVM writes to /tmp: a writable emptyDir there
        Map<String, Object> tmp =
            list(c.get("volumeMounts")).stream()
                .map(ChartFiles::map)
                .filter(v -> "/tmp".equals(v.get("mountPath")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(m + " mounts nothing at /tmp"));
        assertThat(list(pod.get("volumes")).stream().map(ChartFiles::map))
            .anyMatch(v -> v.get("name").equals(tmp.get("name")) && v.containsKey("emptyDir"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void podsGetMoreTimeToStopThanTheServicesShutdownGrace(String name, Rendered r) {
    for (String service : SERVICES) {
      Manifest d = r.get("Deployment", service);
      Duration grace = duration((String) configMap(r, d).get("SHUTDOWN_GRACE"));
      Object sleep = at(onlyContainer(d), "lifecycle.preStop.sleep.seconds");
      long preStop = sleep == null ? 0 : ((Number) sleep).longValue();
      long termination = ((Number) d.podSpec().get("terminationGracePeriodSeconds")).longValue();

      assertThat(termination)
          .as(
              "%s: terminationGracePeriodSeconds vs preStop %ss + SHUTDOWN_GRACE %s",
              service, preStop, grace)
          .isGreaterThan(preStop + grace.toSeconds());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void theInitializerIsAHookJobThatRunsBeforeInstallAndUpgrade(String name, Rendered r) {
    Manifest job = r.get("Job", "initializer");
    Map<String, Object> a = job.annotations();

    assertThat(a.get("helm.sh/hook")).isEqualTo("pre-install,pre-upgrade");
    assertThat(a.get("helm.sh/hook-delete-policy"))
        .isEqualTo("before-hook-creation,hook-succeeded");
    assertThat(job.spec().get("backoffLimit")).isInstanceOf(Integer.class);
    assertThat(job.spec().get("activeDeadlineSeconds")).isInstanceOf(Integer.class);
    assertThat(job.podSpec().get("restartPolicy")).isEqualTo("Never");

    // a hook runs before the release's other objects exist: its ServiceAccount is an earlier hook
    Manifest account = r.get("ServiceAccount", (String) job.podSpec().get("serviceAccountName"));
    assertThat(account.annotations().get("helm.sh/hook")).isEqualTo(a.get("helm.sh/hook"));
    assertThat(Integer.parseInt((String) account.annotations().get("helm.sh/hook-weight")))
        .isLessThan(Integer.parseInt((String) a.get("helm.sh/hook-weight")));
    assertThat(job.containers().get(0)).doesNotContainKey("envFrom");

    // and it provisions the NATS server and namespace the services use
    Map<String, Object> env = env(job.containers().get(0));
    for (String service : SERVICES) {
      Map<String, Object> config = configMap(r, r.get("Deployment", service));
      assertThat(env.get("NATS_URL")).isEqualTo(config.get("NATS_URL"));
      assertThat(env.get("NIS_NAMESPACE")).isEqualTo(config.get("NIS_NAMESPACE"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void networkPoliciesAdmitOnlyKongThePeerAndPrometheus(String name, Rendered r) {
    for (String service : SERVICES) {
      String peer = service.equals("courses") ? "students" : "courses";
      Manifest policy = r.get("NetworkPolicy", service);
      Manifest deployment = r.get("Deployment", service);
      assertThat(deployment.podLabels())
          .containsAllEntriesOf(map(at(policy.body(), "spec.podSelector.matchLabels")));
      assertThat(list(at(policy.body(), "spec.policyTypes"))).containsExactly("Ingress");

      List<Map<String, Object>> rules =
          list(at(policy.body(), "spec.ingress")).stream().map(ChartFiles::map).toList();
      assertThat(rules).hasSize(3);
      assertThat(rules)
          .allSatisfy(
              rule ->
                  assertThat(list(rule.get("from")))
                      .as("a rule without from admits all")
                      .isNotEmpty());

      Map<String, Object> kong = peerOf(rules, "http", Map.of("app.kubernetes.io/name", "kong"));
      assertThat(at(kong, "namespaceSelector.matchLabels"))
          .isEqualTo(Map.of("kubernetes.io/metadata.name", "kong"));

      Map<String, Object> prometheus =
          peerOf(rules, "http", Map.of("app.kubernetes.io/name", "prometheus"));
      assertThat(at(prometheus, "namespaceSelector.matchLabels"))
          .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));

      Map<String, Object> peerPods = r.get("Deployment", peer).podLabels();
      Map<String, Object> fromPeer =
          rules.stream()
              .filter(rule -> portsOf(rule).equals(List.of("grpc")))
              .map(rule -> map(list(rule.get("from")).get(0)))
              .findFirst()
              .orElseThrow();
      assertThat(peerPods).containsAllEntriesOf(map(at(fromPeer, "podSelector.matchLabels")));
      assertThat(fromPeer).doesNotContainKey("namespaceSelector");

      // the named ports exist on the pods the policy selects
      Map<String, Object> c = onlyContainer(deployment);
      rules.forEach(rule -> portsOf(rule).forEach(p -> containerPort(c, (String) p)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void theIngressRoutesOnlyThePinnedPrefixesToServicePortsThatExist(String name, Rendered r) {
    Manifest ingress = r.get("Ingress", "nis");
    assertThat(ingress.spec().get("ingressClassName")).isEqualTo("kong");
    assertThat(ingress.annotations().get("konghq.com/strip-path")).isEqualTo("false");

    List<Map<String, Object>> paths =
        list(ingress.spec().get("rules")).stream()
            .flatMap(rule -> list(at(map(rule), "http.paths")).stream())
            .map(ChartFiles::map)
            .toList();
    // a service with a canary is routed by its HTTPRoute instead
    List<Tuple> expected = new ArrayList<>();
    for (String service : List.of("courses", "students")) {
      if (r.find("HTTPRoute", service).isEmpty()) {
        expected.add(tuple("/api/" + service, "Prefix"));
      }
    }
    expected.add(tuple("/api", "Prefix"));
    assertThat(paths)
        .extracting(p -> p.get("path"), p -> p.get("pathType"))
        .containsExactlyElementsOf(expected);
    for (Map<String, Object> path : paths) {
      assertThat("/metrics").doesNotStartWith((String) path.get("path"));
      Manifest service = r.get("Service", (String) at(path, "backend.service.name"));
      String portName = (String) at(path, "backend.service.port.name");
      assertThat(servicePorts(service)).extracting(p -> p.get("name")).contains(portName);
      // each service's prefix to itself; the rest of /api (discovery, the docs page, which both
      // services serve) to courses
      String prefix = (String) path.get("path");
      String owner = prefix.startsWith("/api/students") ? "students" : "courses";
      assertThat(service.name()).as(prefix).isEqualTo(owner);
    }
  }

  /**
   * The event streams (Server-Sent Events) have an Ingress of their own: the same plugins as every
   * route, the key among them, response buffering off, to Services of the same pods on which Kong
   * waits long between reads (kong.events.readTimeoutMillis); the other routes keep Kong's default.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void theEventStreamsRouteUnbufferedToServicesThatWaitLongBetweenReads(String name, Rendered r) {
    Manifest events = r.get("Ingress", "nis-events");
    Manifest api = r.get("Ingress", "nis");
    assertThat(events.spec().get("ingressClassName")).isEqualTo("kong");
    assertThat(events.annotations())
        .containsEntry("konghq.com/response-buffering", "false")
        .containsEntry("konghq.com/strip-path", "false")
        .containsEntry("konghq.com/plugins", api.annotations().get("konghq.com/plugins"));
    assertThat(api.annotations()).doesNotContainKey("konghq.com/response-buffering");

    List<Map<String, Object>> paths =
        list(events.spec().get("rules")).stream()
            .flatMap(rule -> list(at(map(rule), "http.paths")).stream())
            .map(ChartFiles::map)
            .toList();
    assertThat(paths)
        .extracting(p -> p.get("path"))
        .containsExactly("/api/courses/events", "/api/students/events");
    for (String service : SERVICES) {
      Manifest stream = r.get("Service", service + "-events");
      assertThat(paths)
          .filteredOn(p -> ("/api/" + service + "/events").equals(p.get("path")))
          .singleElement()
          .satisfies(p -> assertThat(at(p, "backend.service.name")).isEqualTo(stream.name()));
      assertThat(Long.parseLong((String) stream.annotations().get("konghq.com/read-timeout")))
          .as("Kong's read timeout on %s (ms)", stream.name())
          .isGreaterThanOrEqualTo(Duration.ofMinutes(5).toMillis());
      Manifest plain = r.get("Service", service);
      assertThat(plain.annotations()).doesNotContainKey("konghq.com/read-timeout");
      assertThat(stream.spec().get("selector")).isEqualTo(plain.spec().get("selector"));
      assertThat(servicePorts(stream))
          .singleElement()
          .satisfies(p -> assertThat(p.get("port")).isEqualTo(port(plain, "http")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void everyRouteHasKeyAuthRateLimitingCorrelationIdAndPrometheus(String name, Rendered r) {
    List<String> attached =
        List.of(
            ((String) r.get("Ingress", "nis").annotations().get("konghq.com/plugins")).split(","));
    Map<String, Map<String, Object>> byPlugin = new HashMap<>();
    for (String pluginName : attached) {
      Manifest plugin = r.get("KongPlugin", pluginName.strip());
      byPlugin.put((String) plugin.body().get("plugin"), map(plugin.body().get("config")));
    }
    assertThat(byPlugin)
        .containsOnlyKeys("key-auth", "rate-limiting", "correlation-id", "prometheus");
    assertThat(list(byPlugin.get("key-auth").get("key_names"))).contains("apikey", "X-API-KEY");
    assertThat(byPlugin.get("key-auth").get("hide_credentials")).isEqualTo(true);
    assertThat(byPlugin.get("rate-limiting").get("policy")).isEqualTo("local");
    assertThat(byPlugin.get("correlation-id").get("header_name")).isEqualTo("X-Request-ID");
    assertThat(byPlugin.get("correlation-id").get("echo_downstream")).isEqualTo(true);
    assertThat(r.ofKind("KongPlugin")).hasSize(attached.size());
  }

  @Test
  void theConsumersKeyIsAKeyAuthCredentialSecret() {
    Rendered r = NisChart.defaults();
    Manifest consumer = r.get("KongConsumer", "nis-client");
    assertThat(consumer.annotations().get("kubernetes.io/ingress.class")).isEqualTo("kong");
    String secretName = (String) list(consumer.body().get("credentials")).get(0);
    Manifest secret = r.get("Secret", secretName);

    assertThat(secret.labels().get("konghq.com/credential")).isEqualTo("key-auth");
    assertThat(at(secret.body(), "stringData.key")).isEqualTo(NisChart.TEST_API_KEY);
  }

  @Test
  void productionTakesEveryCredentialFromExistingSecrets() {
    Rendered r = NisChart.production();
    assertThat(r.ofKind("Secret")).isEmpty();
    assertThat(list(r.get("KongConsumer", "nis-client").body().get("credentials")))
        .containsExactly("nis-api-key");
    for (String service : SERVICES) {
      assertThat(secretRefs(onlyContainer(r.get("Deployment", service))))
          .isNotEmpty()
          .allMatch("nis-credentials"::equals);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void servicesSelectTheirPodsAndTargetTheContainerPortsTheyName(String name, Rendered r) {
    for (Manifest service : r.ofKind("Service")) {
      assertThat(service.spec().get("type")).isEqualTo("ClusterIP");
      Map<String, Object> selector = map(service.spec().get("selector"));
      List<Manifest> selected =
          r.ofKind("Deployment").stream()
              .filter(d -> d.podLabels().entrySet().containsAll(selector.entrySet()))
              .toList();
      assertThat(selected).as("Deployments selected by %s", service).hasSize(1);
      Map<String, Object> c = onlyContainer(selected.get(0));
      for (Map<String, Object> port : servicePorts(service)) {
        assertThat(port.get("name")).isIn("http", "grpc");
        assertThat(port.get("targetPort")).isEqualTo(port.get("name"));
        assertThat(containerPort(c, (String) port.get("name")))
            .as("%s port %s", service, port.get("name"))
            .isEqualTo(port.get("port"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void podsAreScrapedOnTheirHttpPortAtMetrics(String name, Rendered r) {
    for (String service : SERVICES) {
      Manifest d = r.get("Deployment", service);
      assertThat(d.podAnnotations())
          .containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/path", "/metrics")
          .containsEntry(
              "prometheus.io/port", String.valueOf(containerPort(onlyContainer(d), "http")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void eachServiceReachesThePeersGrpcServicePort(String name, Rendered r) {
    assertThat(configMap(r, r.get("Deployment", "courses")).get("STUDENTS_GRPC_TARGET"))
        .isEqualTo("students:" + port(r.get("Service", "students"), "grpc"));
    assertThat(configMap(r, r.get("Deployment", "students")).get("COURSES_GRPC_TARGET"))
        .isEqualTo("courses:" + port(r.get("Service", "courses"), "grpc"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void secretReferencesNameTheCredentialsSecret(String name, Rendered r) {
    for (String service : SERVICES) {
      Map<String, Object> c = onlyContainer(r.get("Deployment", service));
      for (String secretName : secretRefs(c)) {
        boolean rendered = r.find("Secret", secretName).isPresent();
        assertThat(rendered || secretName.equals("nis-credentials"))
            .as(
                "%s reads Secret %s, which is neither rendered nor the production one",
                service, secretName)
            .isTrue();
      }
      // $(VAR) references in env values name variables defined before them
      Map<String, Object> env = env(c);
      List<String> order = List.copyOf(env.keySet());
      env.forEach(
          (var, value) -> {
            var refs = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(String.valueOf(value));
            while (refs.find()) {
              assertThat(order.indexOf(refs.group(1)))
                  .as("%s before %s", refs.group(1), var)
                  .isBetween(0, order.indexOf(var) - 1);
            }
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void everyVariableIsOneTheProcessReads_andEveryLocalhostDefaultIsOverridden(
      String name, Rendered r) throws Exception {
    Map<String, List<String>> mustSet =
        Map.of(
            "courses",
            List.of("MONGO_URI", "REDIS_URL", "NATS_URL", "STUDENTS_GRPC_TARGET"),
            "students",
            List.of(
                "POSTGRES_URL",
                "POSTGRES_PASSWORD",
                "REDIS_URL",
                "NATS_URL",
                "COURSES_GRPC_TARGET"),
            "initializer",
            List.of("NATS_URL"));
    for (Manifest m : workloads(r)) {
      String component = service(m);
      Set<String> set = new TreeSet<>(env(m.containers().get(0)).keySet());
      if (m.kind().equals("Deployment")) {
        set.addAll(configMap(r, m).keySet());
      }
      // variables that only feed a $(VAR) reference of another (a password into a URL)
      Set<String> read = new TreeSet<>(set);
      env(m.containers().get(0))
          .values()
          .forEach(
              v -> {
                var ref = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(String.valueOf(v));
                while (ref.find()) {
                  read.remove(ref.group(1));
                }
              });
      assertThat(readBy(component)).as("variables %s reads", component).containsAll(read);
      assertThat(set).as("variables set for %s", component).containsAll(mustSet.get(component));
    }
  }

  /** The environment variables a process reads: the names its config class passes to Env. */
  private static Set<String> readBy(String component) throws IOException {
    String path =
        switch (component) {
          case "courses" -> "courses/src/main/java/dev/nis/courses/CoursesConfig.java";
          case "students" -> "students/src/main/java/dev/nis/students/StudentsConfig.java";
          default -> "initializer/src/main/java/dev/nis/initializer/InitializerConfig.java";
        };
    String source = Files.readString(Repo.root().resolve(path));
    if (!component.equals("initializer")) {
      // the services' logging reads LOG_LEVEL (their Configurator, in place of a logback.xml)
      source +=
          Files.readString(
              Repo.root()
                  .resolve(
                      "common-lib/src/main/java/dev/nis/common/logging/JsonLogConfigurator.java"));
      // and the command queue's limit (COMMAND_QUEUE_*), which their config class hands Env to
      source +=
          Files.readString(
              Repo.root()
                  .resolve(
                      "common-lib/src/main/java/dev/nis/common/application/CommandQueueLimit.java"));
      // and the durations both read alike (CACHE_TTL, PEER_DEADLINE, PUBLISH_TIMEOUT, ...)
      source +=
          Files.readString(
              Repo.root()
                  .resolve("common-lib/src/main/java/dev/nis/common/config/ServiceSettings.java"));
    }
    Path logback = Repo.root().resolve(component + "/src/main/resources/logback.xml");
    if (Files.exists(logback)) {
      // logback substitutes ${NAME:-default} from the environment
      source += Files.readString(logback).replaceAll("\\$\\{([A-Z_]+)", "\"$1\"");
    }
    Set<String> names = new TreeSet<>();
    var literal = Pattern.compile("\"([A-Z][A-Z0-9_]+)\"").matcher(source);
    while (literal.find()) {
      names.add(literal.group(1));
    }
    names.add("NIS_NAMESPACE"); // JetStreamContract.NAMESPACE_VARIABLE
    names.add("JAVA_TOOL_OPTIONS"); // the JVM's own
    return names;
  }

  @Test
  void productionRunsAtLeastTwoReplicasUnderAnAutoscalerAndADisruptionBudget() {
    Rendered r = NisChart.production();
    for (String service : SERVICES) {
      Manifest d = r.get("Deployment", service);
      Manifest hpa = r.get("HorizontalPodAutoscaler", service);
      assertThat(d.spec()).as("replicas are the autoscaler's").doesNotContainKey("replicas");
      assertThat(at(hpa.body(), "spec.scaleTargetRef"))
          .isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", d.name()));
      assertThat((Integer) at(hpa.body(), "spec.minReplicas")).isGreaterThanOrEqualTo(2);
      assertThat(map(list(at(hpa.body(), "spec.metrics")).get(0)))
          .extracting(m -> at(m, "resource.name"))
          .isEqualTo("cpu");
      Manifest pdb = r.get("PodDisruptionBudget", service);
      assertThat(d.podLabels())
          .containsAllEntriesOf(map(at(pdb.body(), "spec.selector.matchLabels")));
    }
  }

  @Test
  void defaultsUseTheLocallyLoadedImagesOfThisRelease() {
    Rendered r = NisChart.defaults();
    String appVersion =
        (String) ChartFiles.readYaml(ChartFiles.chart().resolve("Chart.yaml")).get("appVersion");
    for (Manifest m : workloads(r)) {
      Map<String, Object> c = m.containers().get(0);
      String component = (String) m.labels().get("app.kubernetes.io/component");
      assertThat(c.get("image")).isEqualTo("nis/" + component + ":" + appVersion);
      assertThat(c.get("imagePullPolicy")).isEqualTo("IfNotPresent");
    }
    assertThat(workloads(r))
        .extracting(Manifest::name)
        .containsExactlyInAnyOrder("courses", "students", "initializer");
  }

  @Test
  void theDashboardShipsAsAConfigMapForGrafanasSidecar() throws Exception {
    Manifest dashboards = NisChart.defaults().get("ConfigMap", "nis-dashboards");
    assertThat(dashboards.labels()).containsEntry("grafana_dashboard", "1");
    String file = Files.readString(ChartFiles.chart().resolve("dashboards/nis-overview.json"));
    assertThat(map(dashboards.body().get("data")).get("nis-overview.json")).isEqualTo(file.strip());
  }

  // helpers

  /**
   * The service a workload runs ({@code courses}, {@code students}, {@code initializer}): its
   * component label, less the {@code -canary} of a canary's pods.
   */
  static String service(Manifest workload) {
    return ((String) workload.labels().get("app.kubernetes.io/component"))
        .replaceFirst("-canary$", "");
  }

  private static List<Manifest> workloads(Rendered r) {
    return Stream.concat(r.ofKind("Deployment").stream(), r.ofKind("Job").stream()).toList();
  }

  private static Map<String, Object> onlyContainer(Manifest m) {
    assertThat(m.containers()).as("containers of %s", m).hasSize(1);
    return m.containers().get(0);
  }

  private static int containerPort(Map<String, Object> container, String name) {
    return list(container.get("ports")).stream()
        .map(ChartFiles::map)
        .filter(p -> name.equals(p.get("name")))
        .map(p -> (Integer) p.get("containerPort"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  private static List<Map<String, Object>> servicePorts(Manifest service) {
    return list(service.spec().get("ports")).stream().map(ChartFiles::map).toList();
  }

  private static Object port(Manifest service, String name) {
    return servicePorts(service).stream()
        .filter(p -> name.equals(p.get("name")))
        .map(p -> p.get("port"))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Object> configMap(Rendered r, Manifest deployment) {
    List<String> refs =
        list(onlyContainer(deployment).get("envFrom")).stream()
            .map(e -> (String) at(map(e), "configMapRef.name"))
            .filter(Objects::nonNull)
            .toList();
    assertThat(refs).as("ConfigMaps of %s", deployment).hasSize(1);
    return map(r.get("ConfigMap", refs.get(0)).body().get("data"));
  }

  /** A container's env as name to value (or to its valueFrom), in order. */
  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new LinkedHashMap<>();
    list(container.get("env")).stream()
        .map(ChartFiles::map)
        .forEach(
            e ->
                env.put(
                    (String) e.get("name"),
                    e.containsKey("value") ? e.get("value") : e.get("valueFrom")));
    return env;
  }

  private static List<String> secretRefs(Map<String, Object> container) {
    return list(container.get("env")).stream()
        .map(e -> (String) at(map(e), "valueFrom.secretKeyRef.name"))
        .filter(Objects::nonNull)
        .toList();
  }

  private static List<Object> portsOf(Map<String, Object> rule) {
    return list(rule.get("ports")).stream().map(p -> map(p).get("port")).toList();
  }

  /** The one {@code from} peer of the rule on {@code port} whose pod selector is {@code labels}. */
  private static Map<String, Object> peerOf(
      List<Map<String, Object>> rules, String port, Map<String, Object> labels) {
    return rules.stream()
        .filter(rule -> portsOf(rule).equals(List.of(port)))
        .flatMap(rule -> list(rule.get("from")).stream().map(ChartFiles::map))
        .filter(peer -> labels.equals(at(peer, "podSelector.matchLabels")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule on " + port + " from pods " + labels));
  }

  private static Duration duration(String text) {
    var m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
    assertThat(m.matches()).as("duration %s", text).isTrue();
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
