package dev.nis.deploy.chart;

import static dev.nis.deploy.chart.ChartFiles.at;
import static dev.nis.deploy.chart.ChartFiles.list;
import static dev.nis.deploy.chart.ChartFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A canary of a service ({@code <service>.canary.*}, README.md "Canary releases"): a second
 * Deployment with another image tag, its own Service, and an HTTPRoute that splits the service's
 * prefix between the two by the configured weight (percent), with the pods of each kept apart.
 */
class ChartCanaryTest {
  private static final Rendered CANARIES = NisChart.canaries();

  private static int weightOf(String service) {
    return service.equals("courses")
        ? NisChart.COURSES_CANARY_WEIGHT
        : NisChart.STUDENTS_CANARY_WEIGHT;
  }

  @ParameterizedTest
  @ValueSource(strings = {"courses", "students"})
  void theCanaryRunsTheSamePodsWithTheCanaryTag(String service) {
    Manifest stable = CANARIES.get("Deployment", service);
    Manifest canary = CANARIES.get("Deployment", service + "-canary");

    String stableImage = (String) stable.containers().get(0).get("image");
    String canaryImage = (String) canary.containers().get(0).get("image");
    assertThat(canaryImage)
        .isEqualTo(
            stableImage.substring(0, stableImage.lastIndexOf(':') + 1) + NisChart.CANARY_TAG);
    assertThat(canary.spec().get("replicas")).isEqualTo(1);
    assertThat(stable.podLabels()).containsEntry("track", "stable");
    assertThat(canary.podLabels())
        .containsEntry("track", "canary")
        .containsEntry("app.kubernetes.io/component", service + "-canary");
    // the same configuration, account, probes, resources and security: only image and labels differ
    Map<String, Object> stableContainer = new LinkedHashMap<>(stable.containers().get(0));
    Map<String, Object> canaryContainer = new LinkedHashMap<>(canary.containers().get(0));
    stableContainer.remove("image");
    canaryContainer.remove("image");
    assertThat(canaryContainer).isEqualTo(stableContainer);
    assertThat(canary.podSpec().get("serviceAccountName"))
        .isEqualTo(stable.podSpec().get("serviceAccountName"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"courses", "students"})
  void eachServiceSelectsOnlyItsOwnTracksPods(String service) {
    Manifest stablePods = CANARIES.get("Deployment", service);
    Manifest canaryPods = CANARIES.get("Deployment", service + "-canary");
    Map<String, Object> stableSelector =
        map(CANARIES.get("Service", service).spec().get("selector"));
    Map<String, Object> canarySelector =
        map(CANARIES.get("Service", service + "-canary").spec().get("selector"));

    assertThat(selects(stableSelector, stablePods)).isTrue();
    assertThat(selects(stableSelector, canaryPods)).isFalse();
    assertThat(selects(canarySelector, canaryPods)).isTrue();
    assertThat(selects(canarySelector, stablePods)).isFalse();
    // nor do the stable Deployment, its disruption budget and the event stream's Service
    assertThat(selects(map(at(stablePods.body(), "spec.selector.matchLabels")), canaryPods))
        .isFalse();
    assertThat(
            selects(
                map(
                    at(
                        CANARIES.get("PodDisruptionBudget", service).body(),
                        "spec.selector.matchLabels")),
                canaryPods))
        .isFalse();
    assertThat(
            selects(
                map(CANARIES.get("Service", service + "-events").spec().get("selector")),
                canaryPods))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"courses", "students"})
  void theHttpRouteSplitsTheServicesPrefixByTheWeight(String service) {
    Manifest route = CANARIES.get("HTTPRoute", service);
    Manifest ingress = CANARIES.get("Ingress", "nis");

    assertThat(route.annotations().get("konghq.com/plugins"))
        .isEqualTo(ingress.annotations().get("konghq.com/plugins"))
        .asString()
        .contains("key-auth");
    Map<String, Object> parent = map(list(route.spec().get("parentRefs")).get(0));
    assertThat(parent).containsEntry("kind", "Gateway").containsEntry("name", "kong");

    List<Object> rules = list(route.spec().get("rules"));
    assertThat(rules).hasSize(1);
    Map<String, Object> rule = map(rules.get(0));
    assertThat(list(rule.get("matches")))
        .singleElement()
        .isEqualTo(Map.of("path", Map.of("type", "PathPrefix", "value", "/api/" + service)));
    List<Map<String, Object>> backends =
        list(rule.get("backendRefs")).stream().map(ChartFiles::map).toList();
    assertThat(backends)
        .extracting(b -> b.get("name"), b -> b.get("weight"))
        .containsExactly(
            tuple(service, 100 - weightOf(service)), tuple(service + "-canary", weightOf(service)));
    for (Map<String, Object> backend : backends) {
      Manifest target = CANARIES.get("Service", (String) backend.get("name"));
      assertThat(list(target.spec().get("ports")))
          .extracting(p -> map(p).get("port"))
          .contains(backend.get("port"));
    }
  }

  @Test
  void theIngressLeavesTheSplitPrefixesToTheRoutes_andKeepsDiscoveryAndEventsOnTheStablePods() {
    List<String> ingressPaths =
        list(CANARIES.get("Ingress", "nis").spec().get("rules")).stream()
            .flatMap(rule -> list(at(map(rule), "http.paths")).stream())
            .map(p -> (String) map(p).get("path"))
            .toList();
    assertThat(ingressPaths).containsExactly("/api");
    List<String> eventBackends =
        list(CANARIES.get("Ingress", "nis-events").spec().get("rules")).stream()
            .flatMap(rule -> list(at(map(rule), "http.paths")).stream())
            .map(p -> (String) at(map(p), "backend.service.name"))
            .toList();
    assertThat(eventBackends).containsExactly("courses-events", "students-events");
  }

  @ParameterizedTest
  @ValueSource(strings = {"courses", "students"})
  void networkPoliciesCoverTheCanaryAndAdmitThePeersCanary(String service) {
    String peer = service.equals("courses") ? "students" : "courses";
    Manifest policy = CANARIES.get("NetworkPolicy", service + "-canary");
    assertThat(
            selects(
                map(at(policy.body(), "spec.podSelector.matchLabels")),
                CANARIES.get("Deployment", service + "-canary")))
        .isTrue();

    Manifest peerCanary = CANARIES.get("Deployment", peer + "-canary");
    for (String protectedPods : List.of(service, service + "-canary")) {
      List<Object> rules = list(CANARIES.get("NetworkPolicy", protectedPods).spec().get("ingress"));
      boolean grpcFromPeerCanary =
          rules.stream()
              .map(ChartFiles::map)
              .filter(
                  rule ->
                      list(rule.get("ports")).stream()
                          .anyMatch(p -> "grpc".equals(map(p).get("port"))))
              .flatMap(rule -> list(rule.get("from")).stream())
              .map(from -> map(at(map(from), "podSelector.matchLabels")))
              .anyMatch(labels -> selects(labels, peerCanary));
      assertThat(grpcFromPeerCanary)
          .as("%s admits gRPC from %s-canary", protectedPods, peer)
          .isTrue();
    }
  }

  @Test
  void aCanaryWithoutATagIsRefusedNamingTheValue() {
    Map<String, String> sets = new LinkedHashMap<>(NisChart.TEST_CREDENTIALS);
    sets.put("courses.canary.enabled", "true");

    // the values schema refuses it first (the template's `required` says the same)
    assertThatThrownBy(() -> NisChart.render(List.of(), sets))
        .hasMessageFindingMatch("courses[./]canary[./]image[./]tag");
  }

  @Test
  void aWeightAbove100IsRefused() {
    Map<String, String> sets = new LinkedHashMap<>(NisChart.TEST_CREDENTIALS);
    sets.put("students.canary.enabled", "true");
    sets.put("students.canary.image.tag", NisChart.CANARY_TAG);
    sets.put("students.canary.weight", "101");

    assertThatThrownBy(() -> NisChart.render(List.of(), sets)).hasMessageContaining("weight");
  }

  @Test
  void withoutACanaryNothingOfItIsRendered() {
    for (Rendered r : List.of(NisChart.defaults(), NisChart.production())) {
      assertThat(r.ofKind("HTTPRoute")).isEmpty();
      assertThat(r.ofKind("Deployment"))
          .extracting(Manifest::name)
          .doesNotContain("courses-canary");
      assertThat(r.ofKind("Deployment"))
          .allSatisfy(d -> assertThat(d.podLabels()).containsEntry("track", "stable"));
    }
  }

  /** Whether a label selector (matchLabels) selects a workload's pods. */
  private static boolean selects(Map<String, Object> selector, Manifest workload) {
    return workload.podLabels().entrySet().containsAll(selector.entrySet());
  }
}
