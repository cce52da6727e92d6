package dev.nis.common.testing.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import dev.nis.common.http.ApiDescriptionRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's OpenAPI 3.1 document (the classpath resource {@code openapi/<service>.json}) as a
 * contract that real exchanges are held to: {@link #violations} lists where a request the service
 * accepted, or a response it gave, departs from the document. Schemas are checked with networknt's
 * json-schema-validator in its OpenAPI 3.1 dialect (JSON Schema 2020-12 with OpenAPI's keywords),
 * loaded from the document itself so that their {@code $ref}s resolve within it.
 *
 * <p>What is held: the path and method are in the document when the service served them (a 2xx or
 * 3xx); the response's status is declared (or a {@code default}); its {@code Content-Type} is one
 * the response declares and a JSON body matches its schema; a declared response header present
 * matches its schema. For a request the service accepted (below 400): its path, query and header
 * parameters and its JSON body match theirs. A request it refused is not held to the document:
 * refusing what the document forbids is what the tests of bad input check.
 *
 * <p>Why this small walker over the document and not a request validator such as Atlassian's
 * swagger-request-validator: that one checks schemas with a JSON Schema draft-04 engine through
 * swagger-parser, so OpenAPI 3.1's schemas (type arrays, {@code const}, {@code examples}) are not
 * checked as 3.1 defines them; the schema work here is the library's, and this class only finds the
 * schema of an exchange.
 */
public final class OpenApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Optional<OpenApiContract>> LOADED = new ConcurrentHashMap<>();
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** One request and the answer to it, as a test client saw them. */
  public record Exchange(
      String method,
      URI uri,
      Map<String, List<String>> requestHeaders,
      String requestBody,
      int status,
      Map<String, List<String>> responseHeaders,
      String responseBody) {}

  /** A route the document describes: an upper-case method and a path template. */
  public record Route(String method, String template) {}

  private final String resource;
  private final JsonNode document;

  /**
   * The OpenAPI 3.1 dialect (JSON Schema 2020-12 with OpenAPI's keywords such as {@code example}
   * and {@code discriminator}), as the library ships it, for every schema of the document. The
   * library reads the whole document as it loads a schema in it: the document's own members ({@code
   * paths}, {@code components}, ...) are annotations to it, not warnings in the log.
   */
  private static final JsonMetaSchema DIALECT =
      JsonMetaSchema.builder(OpenApi31.getInstance())
          .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
          .build();

  private final JsonSchemaFactory schemas =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.metaSchema(DIALECT).defaultMetaSchemaIri(DIALECT.getIri()));

  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  private OpenApiContract(String resource, JsonNode document) {
    this.resource = resource;
    this.document = document;
  }

  /** The document of {@code service} on the classpath, if there is one (read once). */
  public static Optional<OpenApiContract> of(String service) {
    return LOADED.computeIfAbsent(service, OpenApiContract::load);
  }

  /**
   * The document that describes a path: for {@code /api/<service>/...} that service's; for the rest
   * of {@code /api} and for {@code /metrics}, which every service serves alike, the first service's
   * on the classpath. Empty for a path outside the API (the benchmark's {@code /bench/constant},
   * which no document describes) and when no document is on the classpath (common-lib's own tests).
   */
  public static Optional<OpenApiContract> forPath(String path) {
    String[] segments = path.split("/");
    boolean api = segments.length > 1 && segments[1].equals("api");
    if (api && segments.length > 2) {
      Optional<OpenApiContract> own = of(segments[2]);
      if (own.isPresent()) {
        return own;
      }
    }
    if (!api && !path.equals("/metrics")) {
      return Optional.empty();
    }
    for (String service : ApiDescriptionRoutes.SERVICES) {
      Optional<OpenApiContract> any = of(service);
      if (any.isPresent()) {
        return any;
      }
    }
    return Optional.empty();
  }

  private static Optional<OpenApiContract> load(String service) {
    String resource = "openapi/" + service + ".json";
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new OpenApiContract(resource, JSON.readTree(in)));
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  public JsonNode document() {
    return document;
  }

  /** Every route of the document, as {@code HttpRouter} registers them. */
  public Set<Route> routes() {
    Set<Route> routes = new LinkedHashSet<>();
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        key -> {
                          if (METHODS.contains(key)) {
                            routes.add(new Route(key.toUpperCase(Locale.ROOT), path.getKey()));
                          }
                        }));
    return routes;
  }

  /**
   * The violations of {@code schemaPointer}'s schema (a JSON pointer into the document) by a value.
   */
  public List<String> schemaViolations(String schemaPointer, JsonNode value) {
    JsonSchema schema =
        compiled.computeIfAbsent(
            schemaPointer,
            pointer ->
                schemas.getSchema(SchemaLocation.of("classpath:" + resource + "#" + pointer)));
    return schema.validate(value).stream().map(ValidationMessage::getMessage).toList();
  }

  /**
   * Fails with an {@link AssertionError} naming every departure of this exchange from the document.
   *
   * @param requestBody the request's body as sent, or null when the caller cannot tell it
   */
  public void assertKeptBy(HttpRequest request, String requestBody, HttpResponse<String> response) {
    List<String> violations =
        violations(
            new Exchange(
                request.method(),
                request.uri(),
                request.headers().map(),
                requestBody,
                response.statusCode(),
                response.headers().map(),
                response.body()));
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "the exchange departs from the OpenAPI document "
              + resource
              + ":\n  "
              + String.join("\n  ", violations)
              + "\nresponse body: "
              + response.body());
    }
  }

  /** Where the exchange departs from the document; empty when it keeps to it. */
  public List<String> violations(Exchange exchange) {
    List<String> found = new ArrayList<>();
    String method = exchange.method().toLowerCase(Locale.ROOT);
    if (method.equals("options")) {
      return found; // answered by the router for every path (Allow), not an operation
    }
    String path = exchange.uri().getRawPath();
    Optional<PathMatch> match = match(path);
    if (match.isEmpty()) {
      if (exchange.status() < 400) {
        found.add(
            "the service answered "
                + exchange.status()
                + " at "
                + path
                + ", a path the document lacks");
      }
      return found;
    }
    Located item = match.get().item();
    Located operation = item.child(method.equals("head") ? "get" : method);
    if (operation.node().isMissingNode()) {
      if (exchange.status() < 400) {
        found.add(
            "the service answered "
                + exchange.status()
                + " to "
                + exchange.method()
                + " "
                + match.get().template()
                + ", an operation the document lacks");
      }
      return found;
    }
    String where = exchange.method() + " " + match.get().template() + " " + exchange.status();
    if (exchange.status() < 400) {
      requestViolations(exchange, match.get(), item, operation, where, found);
    }
    responseViolations(exchange, method.equals("head"), operation, where, found);
    return found;
  }

  private void requestViolations(
      Exchange exchange,
      PathMatch match,
      Located item,
      Located operation,
      String where,
      List<String> found) {
    Map<String, String> query = query(exchange.uri().getRawQuery());
    List<Located> parameters = new ArrayList<>();
    item.child("parameters").elements().forEach(parameters::add);
    operation.child("parameters").elements().forEach(parameters::add);
    for (Located parameter : parameters) {
      Located p = resolve(parameter);
      String name = p.node().path("name").asText();
      String in = p.node().path("in").asText();
      String value =
          switch (in) {
            case "path" -> match.params().get(name);
            case "query" -> query.get(name);
            case "header" -> header(exchange.requestHeaders(), name);
            default -> null;
          };
      if (value == null) {
        if (p.node().path("required").asBoolean(false)) {
          found.add(where + ": the request lacks the required " + in + " parameter " + name);
        }
        continue;
      }
      Located schema = resolve(p.child("schema"));
      JsonNode typed =
          schema.node().path("type").asText().equals("integer") && value.matches("-?[0-9]{1,9}")
              ? IntNode.valueOf(Integer.parseInt(value))
              : TextNode.valueOf(value);
      schemaViolations(p.child("schema").pointer(), typed)
          .forEach(v -> found.add(where + ": request " + in + " parameter " + name + ": " + v));
    }
    Located body = resolve(operation.child("requestBody"));
    if (!body.node().isMissingNode() && exchange.requestBody() != null) {
      Located media = body.child("content").child("application/json");
      if (!media.node().isMissingNode()) {
        jsonViolations(
            media.child("schema").pointer(),
            exchange.requestBody(),
            where + ": request body",
            found);
      }
    }
  }

  private void responseViolations(
      Exchange exchange, boolean head, Located operation, String where, List<String> found) {
    Located responses = operation.child("responses");
    String status = String.valueOf(exchange.status());
    Located response = responses.child(status);
    if (response.node().isMissingNode()) {
      response = responses.child(status.charAt(0) + "XX");
    }
    if (response.node().isMissingNode()) {
      response = responses.child("default");
    }
    if (response.node().isMissingNode()) {
      found.add(where + ": the document declares no such response");
      return;
    }
    response = resolve(response);
    Iterator<Map.Entry<String, JsonNode>> headers = response.node().path("headers").fields();
    while (headers.hasNext()) {
      String name = headers.next().getKey();
      String value = header(exchange.responseHeaders(), name);
      if (value != null) {
        Located header = resolve(response.child("headers").child(name));
        schemaViolations(header.child("schema").pointer(), TextNode.valueOf(value))
            .forEach(v -> found.add(where + ": response header " + name + ": " + v));
      }
    }
    String body = exchange.responseBody();
    if (head || body == null || body.isEmpty()) {
      return;
    }
    String type =
        Optional.ofNullable(header(exchange.responseHeaders(), "Content-Type"))
            .map(t -> t.split(";")[0].trim().toLowerCase(Locale.ROOT))
            .orElse("");
    Located content = response.child("content");
    if (content.node().isMissingNode()) {
      found.add(where + ": a body where the document declares none");
      return;
    }
    Located media = content.child(type);
    if (media.node().isMissingNode()) {
      media = content.child("*/*");
    }
    if (media.node().isMissingNode()) {
      found.add(
          where
              + ": Content-Type "
              + type
              + " is not among the document's "
              + iterable(content.node().fieldNames()));
      return;
    }
    if (type.equals("application/json") || type.endsWith("+json")) {
      jsonViolations(media.child("schema").pointer(), body, where + ": response body", found);
    }
  }

  private void jsonViolations(String pointer, String text, String what, List<String> found) {
    JsonNode value;
    try {
      value = JSON.readTree(text);
    } catch (IOException e) {
      found.add(what + " is not JSON: " + e.getMessage());
      return;
    }
    schemaViolations(pointer, value).forEach(v -> found.add(what + ": " + v));
  }

  /** The document's path that the router would take for {@code rawPath}: literal segments first. */
  private Optional<PathMatch> match(String rawPath) {
    String trimmed =
        rawPath.length() > 1 && rawPath.endsWith("/")
            ? rawPath.substring(0, rawPath.length() - 1)
            : rawPath;
    String[] segments = trimmed.split("/", -1);
    PathMatch best = null;
    int bestLiterals = -1;
    Iterator<String> templates = document.get("paths").fieldNames();
    while (templates.hasNext()) {
      String template = templates.next();
      String[] parts = template.split("/", -1);
      if (parts.length != segments.length) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < parts.length && matches; i++) {
        String segment = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
          matches = !segment.isEmpty();
          params.put(parts[i].substring(1, parts[i].length() - 1), segment);
        } else {
          matches = parts[i].equals(segment);
          literals++;
        }
      }
      if (matches && literals > bestLiterals) {
        best = new PathMatch(template, params, root().child("paths").child(template));
        bestLiterals = literals;
      }
    }
    return Optional.ofNullable(best);
  }

  private record PathMatch(String template, Map<String, String> params, Located item) {}

  /** A node of the document and its JSON pointer, so that its schema can be loaded by location. */
  private record Located(JsonNode node, String pointer) {
    Located child(String key) {
      return new Located(node.path(key), pointer + "/" + key.replace("~", "~0").replace("/", "~1"));
    }

    Iterable<Located> elements() {
      List<Located> items = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        items.add(new Located(node.get(i), pointer + "/" + i));
      }
      return items;
    }
  }

  private Located root() {
    return new Located(document, "");
  }

  /** Follows a component {@code $ref} ({@code #/components/...}) of the document. */
  private Located resolve(Located located) {
    Located current = located;
    while (current.node().has("$ref")) {
      String pointer = current.node().get("$ref").asText().substring(1);
      current = new Located(document.at(pointer), pointer);
    }
    return current;
  }

  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
        return entry.getValue().get(0);
      }
    }
    return null;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      String[] nameValue = pair.split("=", 2);
      values.putIfAbsent(
          URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
          nameValue.length == 2 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }

  private static List<String> iterable(Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
