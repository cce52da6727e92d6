package dev.nis.deploy.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates the custom resources the chart renders against JSON Schemas of their CRDs, and their
 * metadata against Kubernetes' ObjectMeta: Kong Ingress Controller's configuration.konghq.com/v1
 * KongPlugin and KongConsumer (src/test/resources/schemas/kong) and Gateway API's
 * gateway.networking.k8s.io/v1 HTTPRoute (src/test/resources/schemas/gateway); the README in each
 * folder says where the schemas come from.
 */
public final class CrdSchema {
  /** Schema resource by "apiVersion/kind". */
  private static final Map<String, String> SCHEMAS =
      Map.of(
          "configuration.konghq.com/v1/KongPlugin", "/schemas/kong/kongplugin-v1.schema.json",
          "configuration.konghq.com/v1/KongConsumer", "/schemas/kong/kongconsumer-v1.schema.json",
          "gateway.networking.k8s.io/v1/HTTPRoute", "/schemas/gateway/httproute-v1.schema.json");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

  private CrdSchema() {}

  public static boolean knows(Map<String, Object> object) {
    return SCHEMAS.containsKey(key(object));
  }

  private static String key(Map<String, Object> object) {
    return object.get("apiVersion") + "/" + object.get("kind");
  }

  public static List<String> problems(Map<String, Object> object) {
    if (!knows(object)) {
      return List.of("not a custom resource with a schema here: " + key(object));
    }
    JsonSchema schema = LOADED.computeIfAbsent(key(object), CrdSchema::load);
    List<String> problems = new ArrayList<>();
    for (ValidationMessage m : schema.validate(MAPPER.valueToTree(object))) {
      problems.add(object.get("kind") + ": " + m.getMessage());
    }
    problems.addAll(KubernetesSchema.metadataProblems(ChartFiles.map(object.get("metadata"))));
    return problems;
  }

  private static JsonSchema load(String key) {
    try (InputStream in = CrdSchema.class.getResourceAsStream(SCHEMAS.get(key))) {
      if (in == null) {
        throw new IllegalStateException("no schema resource for " + key);
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
