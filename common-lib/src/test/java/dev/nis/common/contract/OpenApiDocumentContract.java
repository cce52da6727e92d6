package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.http.ApiDescriptionRoutes;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.PreferWait;
import dev.nis.common.runtime.ServiceRuntime;
import dev.nis.common.testing.openapi.OpenApiContract;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * A service's OpenAPI document ({@code openapi/<service>.json}) held to its code: its routes are
 * the router's, no more and no less; its limits are the domain's (probed through the domain's own
 * validation, so that neither can change alone); its examples match its schemas.
 */
public abstract class OpenApiDocumentContract {
  private final String service;
  private final OpenApiContract contract;

  protected OpenApiDocumentContract(String service) {
    this.service = service;
    this.contract =
        OpenApiContract.of(service)
            .orElseThrow(
                () -> new AssertionError("openapi/" + service + ".json is not on the classpath"));
  }

  /**
   * The service's own routes over fakes, as its wiring registers them (without the shared ones).
   */
  protected abstract HttpRouter serviceRoutes();

  /** The request body schema's name, e.g. {@code CourseRequest}. */
  protected abstract String requestSchema();

  /**
   * Builds the domain's fields from a valid body whose {@code field} is {@code value}; throws the
   * domain's {@link ValidationException} when the domain refuses it.
   */
  protected abstract BiConsumer<String, String> domainFields();

  /** The relation list of the body (e.g. {@code student_ids}) and the domain's cap on it. */
  protected abstract Map.Entry<String, Integer> relationCap();

  /** A valid id of this service's entities and the schema's name for them. */
  protected abstract Map.Entry<String, String> validId();

  @Test
  void everyRouteOfTheRouter_isInTheDocument_andNoOther() {
    HttpRouter router = ServiceRuntime.sharedRoutes(serviceRoutes(), service, () -> true, () -> "");
    Set<String> served = new TreeSet<>();
    router.routes().forEach(route -> served.add(route.method() + " " + route.template()));
    Set<String> documented = new TreeSet<>();
    contract.routes().forEach(route -> documented.add(route.method() + " " + route.template()));
    assertThat(documented).as("the document's routes").isEqualTo(served);
  }

  @Test
  void theDocumentIsOpenApi31_ofTheApiVersionDiscoveryGives() {
    assertThat(contract.document().path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(contract.document().path("info").path("version").asText())
        .isEqualTo(ApiDescriptionRoutes.API_VERSION);
  }

  @Test
  void textLimits_areTheDomains() {
    JsonNode properties = schema(requestSchema()).path("properties");
    List<String> checked = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      JsonNode field = property.getValue();
      if (!field.path("type").asText().equals("string")) {
        continue;
      }
      String name = property.getKey();
      int min = field.path("minLength").asInt(-1);
      int max = field.path("maxLength").asInt(-1);
      assertThat(min).as(name + " minLength").isPositive();
      assertThat(max).as(name + " maxLength").isGreaterThanOrEqualTo(min);
      domainFields().accept(name, "x".repeat(min));
      domainFields().accept(name, "x".repeat(max));
      assertRefused(name, "x".repeat(min - 1));
      assertRefused(name, "x".repeat(max + 1));
      checked.add(name);
    }
    assertThat(checked).as("the text fields checked").isNotEmpty();
    JsonNode required = schema(requestSchema()).path("required");
    assertThat(required).as("required fields").hasSameSizeAs(checked);
  }

  @Test
  void relationCap_isTheDomains() {
    JsonNode list = schema(requestSchema()).path("properties").path(relationCap().getKey());
    assertThat(list.path("maxItems").asInt()).isEqualTo(relationCap().getValue());
  }

  @Test
  void pagingHeaderAndIdLimits_areTheCodes() {
    JsonNode parameters = contract.document().path("components").path("parameters");
    assertThat(parameters.at("/Limit/schema/maximum").asInt()).isEqualTo(PageRequest.MAX_LIMIT);
    assertThat(parameters.at("/Limit/schema/default").asInt()).isEqualTo(PageRequest.DEFAULT_LIMIT);
    // a quoted key: the key's own characters and its two quotes
    assertThat(parameters.at("/IdempotencyKey/schema/maxLength").asInt())
        .isEqualTo(IdempotencyKey.MAX_LENGTH + 2);
    assertThat(parameters.at("/Prefer/description").asText())
        .contains("capped at " + PreferWait.MAX_SECONDS);
    String idSchema = "/components/schemas/" + validId().getValue();
    assertThat(contract.schemaViolations(idSchema, textNode(validId().getKey()))).isEmpty();
    assertThat(contract.schemaViolations(idSchema, textNode("not-an-id"))).isNotEmpty();
  }

  @Test
  void everyExample_matchesItsSchema() {
    List<String> violations = new ArrayList<>();
    int[] count = {0};
    walk(contract.document(), "", violations, count);
    assertThat(violations).isEmpty();
    assertThat(count[0]).as("examples checked").isGreaterThan(5);
  }

  private void walk(JsonNode node, String pointer, List<String> violations, int[] count) {
    if (!node.isContainerNode()) {
      return;
    }
    if (node.isObject() && node.has("schema") && node.has("example")) {
      count[0]++;
      contract
          .schemaViolations(pointer + "/schema", node.get("example"))
          .forEach(v -> violations.add(pointer + ": " + v));
    }
    boolean isSchema =
        pointer.contains("/components/schemas/")
            && node.isObject()
            && node.has("examples")
            && node.get("examples").isArray();
    if (isSchema) {
      for (JsonNode example : node.get("examples")) {
        count[0]++;
        contract
            .schemaViolations(pointer, example)
            .forEach(v -> violations.add(pointer + ": " + v));
      }
    }
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  walk(
                      e.getValue(),
                      pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                      violations,
                      count));
    } else {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, violations, count);
      }
    }
  }

  private void assertRefused(String field, String value) {
    try {
      domainFields().accept(field, value);
    } catch (ValidationException e) {
      assertThat(e.field()).isEqualTo(field);
      return;
    }
    throw new AssertionError(field + " of " + value.length() + " characters was accepted");
  }

  private JsonNode schema(String name) {
    return contract.document().path("components").path("schemas").path(name);
  }

  private static JsonNode textNode(String text) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
  }
}
