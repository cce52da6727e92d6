package dev.nis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the Compose Specification's JSON schema (the one {@code docker compose
 * config} enforces), fetched by the build into target/compose-schema (see pom.xml).
 */
class ComposeSchemaTest {
  private static final Path SCHEMA =
      Path.of("target/compose-schema/package/schemas/compose.schema.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonSchema schema;
  private static ObjectNode compose;

  @BeforeAll
  static void load() throws IOException {
    assertThat(SCHEMA).as("the build fetches the compose schema (download-maven-plugin)").exists();
    // The schema's $id is relative ("compose_spec.json"): it resolves against the file's URI.
    schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(
                SchemaLocation.of(SCHEMA.toUri().toString()), JSON.readTree(SCHEMA.toFile()));
    compose = JSON.valueToTree(Repo.yaml("docker-compose.yml"));
  }

  @Test
  void theComposeFileValidatesAgainstTheComposeSpecification() {
    assertThat(schema.validate(compose)).isEmpty();
  }

  @Test
  void theSchemaRejectsAnUnknownHealthcheckField() {
    ObjectNode broken = compose.deepCopy();
    healthcheckOf(broken, "courses").set("tset", healthcheckOf(broken, "courses").remove("test"));

    assertThat(messages(broken)).anyMatch(m -> m.contains("tset"));
  }

  @Test
  void theSchemaRejectsAnUnknownDependsOnCondition() {
    ObjectNode broken = compose.deepCopy();
    ((ObjectNode) broken.at("/services/courses/depends_on/initializer"))
        .put("condition", "service_finished");

    assertThat(messages(broken)).anyMatch(m -> m.contains("condition"));
  }

  @Test
  void theSchemaRejectsATopLevelTypo() {
    ObjectNode broken = compose.deepCopy();
    broken.set("service", broken.get("services"));

    assertThat(messages(broken)).anyMatch(m -> m.contains("service"));
  }

  private static ObjectNode healthcheckOf(JsonNode doc, String service) {
    return (ObjectNode) doc.at("/services/" + service + "/healthcheck");
  }

  private static Set<String> messages(JsonNode doc) {
    Set<ValidationMessage> errors = schema.validate(doc);
    return errors.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
  }
}
