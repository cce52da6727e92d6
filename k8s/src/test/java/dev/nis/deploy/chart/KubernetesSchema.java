package dev.nis.deploy.chart;

import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates rendered objects against the Kubernetes API of {@link NisChart#KUBE_VERSION}, using the
 * models of io.kubernetes:client-java-api 27.0.0, which are generated from that release's OpenAPI
 * document. Their {@code validateJsonElement} walks the whole object and rejects a field the API
 * does not define (at any depth: a typo'd {@code httpGett} fails) and a missing required field (a
 * container without a name); deserialising then rejects values of the wrong type (a quantity like
 * {@code 512MB}, a string where an object belongs). Kong's kinds are checked by {@link CrdSchema}.
 */
public final class KubernetesSchema {
  private static final Map<String, Class<?>> MODELS =
      Map.ofEntries(
          Map.entry("v1/ConfigMap", V1ConfigMap.class),
          Map.entry("v1/Secret", V1Secret.class),
          Map.entry("v1/Service", V1Service.class),
          Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
          Map.entry("apps/v1/Deployment", V1Deployment.class),
          Map.entry("batch/v1/Job", V1Job.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
          Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
          Map.entry("networking.k8s.io/v1/Ingress", V1Ingress.class));

  private static final JSON JSON = new JSON();

  private KubernetesSchema() {}

  /** The built-in kinds this validator knows, as apiVersion/kind. */
  public static Set<String> knownKinds() {
    return MODELS.keySet();
  }

  public static boolean knows(Map<String, Object> object) {
    return MODELS.containsKey(object.get("apiVersion") + "/" + object.get("kind"));
  }

  /** The problems with {@code object} (empty when it is valid). */
  public static List<String> problems(Map<String, Object> object) {
    String gvk = object.get("apiVersion") + "/" + object.get("kind");
    Class<?> model = MODELS.get(gvk);
    if (model == null) {
      return List.of("not a kind of the Kubernetes API this chart targets: " + gvk);
    }
    JsonElement json = JSON.getGson().toJsonTree(object);
    return validate(model, json).or(() -> deserialize(model, json)).map(List::of).orElse(List.of());
  }

  /** The same checks for an object's metadata alone (custom resources). */
  public static List<String> metadataProblems(Map<String, Object> metadata) {
    JsonElement json = JSON.getGson().toJsonTree(metadata);
    return validate(V1ObjectMeta.class, json)
        .or(() -> deserialize(V1ObjectMeta.class, json))
        .map(List::of)
        .orElse(List.of());
  }

  private static Optional<String> validate(Class<?> model, JsonElement json) {
    try {
      model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
      return Optional.empty();
    } catch (InvocationTargetException e) {
      return Optional.of(model.getSimpleName() + ": " + e.getCause().getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> deserialize(Class<?> model, JsonElement json) {
    try {
      JSON.getGson().fromJson(json, model);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(model.getSimpleName() + ": " + e.getMessage());
    }
  }
}
