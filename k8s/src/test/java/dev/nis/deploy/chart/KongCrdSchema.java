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
 * Validates Kong Ingress Controller objects (configuration.konghq.com/v1 KongPlugin and
 * KongConsumer) against JSON Schemas of their CRDs, in src/test/resources/schemas/kong (see the
 * README there for where they come from), and their metadata against Kubernetes' ObjectMeta.
 */
public final class KongCrdSchema {
  private static final String API_VERSION = "configuration.konghq.com/v1";
  private static final Map<String, String> SCHEMAS =
      Map.of(
          "KongPlugin", "/schemas/kong/kongplugin-v1.schema.json",
          "KongConsumer", "/schemas/kong/kongconsumer-v1.schema.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

  private KongCrdSchema() {}

  public static boolean knows(Map<String, Object> object) {
    return API_VERSION.equals(object.get("apiVersion")) && SCHEMAS.containsKey(object.get("kind"));
  }

  public static List<String> problems(Map<String, Object> object) {
    if (!knows(object)) {
      return List.of(
          "not a Kong kind with a schema here: "
              + object.get("apiVersion")
              + "/"
              + object.get("kind"));
    }
    JsonSchema schema = LOADED.computeIfAbsent((String) object.get("kind"), KongCrdSchema::load);
    List<String> problems = new ArrayList<>();
    for (ValidationMessage m : schema.validate(MAPPER.valueToTree(object))) {
      problems.add(object.get("kind") + ": " + m.getMessage());
    }
    problems.addAll(KubernetesSchema.metadataProblems(ChartFiles.map(object.get("metadata"))));
    return problems;
  }

  private static JsonSchema load(String kind) {
    try (InputStream in = KongCrdSchema.class.getResourceAsStream(SCHEMAS.get(kind))) {
      if (in == null) {
        throw new IllegalStateException("no schema resource for " + kind);
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
