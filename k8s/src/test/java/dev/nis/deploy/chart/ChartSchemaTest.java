package dev.nis.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every object the chart renders is valid for the Kubernetes API and Kong's CRDs. */
class ChartSchemaTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource(NisChart.RENDERS)
  void everyObjectIsValidForTheKubernetesApiOrKongsCrds(String name, Rendered rendered) {
    assertThat(rendered.manifests()).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Manifest m : rendered.manifests()) {
      List<String> found =
          CrdSchema.knows(m.body())
              ? CrdSchema.problems(m.body())
              : KubernetesSchema.problems(m.body());
      found.forEach(p -> problems.add(m + ": " + p));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void defaultValuesRenderTheseKinds() {
    assertThat(NisChart.defaults().kinds())
        .containsExactly(
            "ConfigMap",
            "Deployment",
            "Ingress",
            "Job",
            "KongConsumer",
            "KongPlugin",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Secret",
            "Service",
            "ServiceAccount");
  }

  @Test
  void productionRendersAutoscalersAndNoSecrets() {
    assertThat(NisChart.production().kinds())
        .containsExactly(
            "ConfigMap",
            "Deployment",
            "HorizontalPodAutoscaler",
            "Ingress",
            "Job",
            "KongConsumer",
            "KongPlugin",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Service",
            "ServiceAccount");
  }

  // The validators themselves: a manifest with one mistake must fail.

  @Test
  void aTypoInAProbeIsRejected() {
    Map<String, Object> deployment =
        mutated(
            "Deployment",
            "courses",
            d -> {
              Map<String, Object> probe = ChartFiles.map(container(d).get("livenessProbe"));
              probe.put("httpGett", probe.remove("httpGet"));
            });

    assertThat(KubernetesSchema.problems(deployment))
        .singleElement()
        .asString()
        .contains("httpGett");
  }

  @Test
  void aMisplacedFieldIsRejected() {
    Map<String, Object> deployment =
        mutated("Deployment", "students", d -> container(d).put("replicas", 2));

    assertThat(KubernetesSchema.problems(deployment))
        .singleElement()
        .asString()
        .contains("replicas");
  }

  @Test
  void aMissingRequiredFieldIsRejected() {
    Map<String, Object> deployment =
        mutated("Deployment", "courses", d -> container(d).remove("name"));

    assertThat(KubernetesSchema.problems(deployment)).singleElement().asString().contains("name");
  }

  @Test
  void aMalformedQuantityIsRejected() {
    Map<String, Object> deployment =
        mutated(
            "Deployment",
            "courses",
            d ->
                ChartFiles.map(ChartFiles.at(container(d), "resources.limits"))
                    .put("memory", "512MBytes"));

    assertThat(KubernetesSchema.problems(deployment)).singleElement().asString().contains("suffix");
  }

  @Test
  void aRemovedApiVersionIsRejected() {
    Map<String, Object> ingress =
        mutated("Ingress", "nis", i -> i.put("apiVersion", "extensions/v1beta1"));

    assertThat(KubernetesSchema.problems(ingress))
        .singleElement()
        .asString()
        .contains("extensions/v1beta1/Ingress");
  }

  @Test
  void aTypoInAKongPluginIsRejected() {
    Map<String, Object> plugin =
        mutated("KongPlugin", "nis-key-auth", p -> p.put("plugins", p.remove("plugin")));

    assertThat(CrdSchema.problems(plugin))
        .anyMatch(p -> p.contains("plugins"))
        .anyMatch(p -> p.contains("plugin"));
  }

  @Test
  void aKongPluginWithConfigAndConfigFromIsRejected() {
    Map<String, Object> plugin =
        mutated(
            "KongPlugin",
            "nis-rate-limiting",
            p -> p.put("configFrom", Map.of("secretKeyRef", Map.of("name", "s", "key", "k"))));

    assertThat(CrdSchema.problems(plugin)).isNotEmpty();
  }

  @Test
  void aKongConsumerWithoutUsernameOrCustomIdIsRejected() {
    Map<String, Object> consumer = mutated("KongConsumer", "nis-client", c -> c.remove("username"));

    assertThat(CrdSchema.problems(consumer)).isNotEmpty();
  }

  @Test
  void aTypoInACustomResourcesMetadataIsRejected() {
    Map<String, Object> consumer =
        mutated(
            "KongConsumer",
            "nis-client",
            c -> {
              Map<String, Object> metadata = ChartFiles.map(c.get("metadata"));
              metadata.put("lables", metadata.remove("labels"));
            });

    assertThat(CrdSchema.problems(consumer)).singleElement().asString().contains("lables");
  }

  @Test
  void anHttpRouteBackendWithATypoOrABadWeightIsRejected() {
    Map<String, Object> route =
        ChartFiles.map(ChartFiles.deepCopy(NisChart.canaries().get("HTTPRoute", "courses").body()));
    assertThat(CrdSchema.problems(route)).as("valid before the change").isEmpty();
    Map<String, Object> rule =
        ChartFiles.map(ChartFiles.list(ChartFiles.at(route, "spec.rules")).get(0));
    Map<String, Object> backend = ChartFiles.map(ChartFiles.list(rule.get("backendRefs")).get(1));

    backend.put("weight", -1);
    assertThat(CrdSchema.problems(route)).singleElement().asString().contains("weight");
    backend.put("weight", 10);
    backend.remove("port");
    assertThat(CrdSchema.problems(route)).anyMatch(p -> p.contains("port"));
    backend.put("port", 8081);
    rule.put("backendRef", rule.remove("backendRefs"));
    assertThat(CrdSchema.problems(route)).anyMatch(p -> p.contains("backendRef"));
  }

  private static Map<String, Object> mutated(
      String kind, String name, Consumer<Map<String, Object>> change) {
    Map<String, Object> copy =
        ChartFiles.map(ChartFiles.deepCopy(NisChart.defaults().get(kind, name).body()));
    assertThat(CrdSchema.knows(copy) ? CrdSchema.problems(copy) : KubernetesSchema.problems(copy))
        .as("valid before the change")
        .isEmpty();
    change.accept(copy);
    return copy;
  }

  private static Map<String, Object> container(Map<String, Object> deployment) {
    return ChartFiles.map(
        ChartFiles.list(ChartFiles.at(deployment, "spec.template.spec.containers")).get(0));
  }
}
