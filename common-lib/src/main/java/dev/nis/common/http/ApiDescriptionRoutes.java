package dev.nis.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.webjars.WebJarVersionLocator;

/**
 * The routes that describe the API to its clients, the same on both services:
 *
 * <ul>
 *   <li>{@code GET /api/<service>/openapi.json}: the service's OpenAPI 3.1 document, the classpath
 *       resource {@code openapi/<service>.json} (each service's tests hold it to its router, its
 *       domain's limits and its answers).
 *   <li>{@code GET /api}: discovery, {@code {"data": {"services": [{name, base_path, version,
 *       openapi, operation, events}...], "docs"}}}. Both services answer it alike; Kong routes it
 *       to the courses service.
 *   <li>{@code GET /api/docs}: the docs page, Swagger UI over both documents, this service's first.
 *   <li>{@code GET /api/docs/<file>}: the page's scripts and styles, from the {@code
 *       org.webjars:swagger-ui} jar on the classpath (nothing is fetched from a CDN).
 * </ul>
 */
public final class ApiDescriptionRoutes {
  /** The version of the HTTP API both documents describe ({@code info.version}). */
  public static final String API_VERSION = "1.0.0";

  /** The services of the API, in the order discovery lists them. */
  public static final List<String> SERVICES = List.of("courses", "students");

  public static final String DISCOVERY_PATH = "/api";
  public static final String DOCS_PATH = "/api/docs";
  static final String HTML = "text/html; charset=utf-8";
  private static final String WEBJAR = "swagger-ui";
  private static final String OWN_SCRIPT = "nis-docs.js";

  /** The page's files and their types: a fixed list, so a path never names another resource. */
  private static final Map<String, String> FILES =
      Map.of(
          "swagger-ui.css",
          "text/css; charset=utf-8",
          "swagger-ui-bundle.js",
          "text/javascript; charset=utf-8",
          "swagger-ui-standalone-preset.js",
          "text/javascript; charset=utf-8",
          "favicon-32x32.png",
          "image/png",
          "favicon-16x16.png",
          "image/png",
          OWN_SCRIPT,
          "text/javascript; charset=utf-8");

  /**
   * A discovered service: where its routes, document and event stream are, and the template (RFC
   * 6570) of its operations' address ({@code op_id} is the {@code operation_id} of a 202).
   */
  public record ServiceEntry(
      String name,
      String basePath,
      String version,
      String openapi,
      String operation,
      String events) {
    static ServiceEntry of(String name) {
      String base = "/api/" + name;
      return new ServiceEntry(
          name,
          base,
          API_VERSION,
          base + "/openapi.json",
          base + "/operations/{op_id}",
          base + "/events");
    }
  }

  /** The body of {@code GET /api} (inside {@code data}). */
  public record Discovery(List<ServiceEntry> services, String docs) {}

  private final String service;
  private final Map<String, String> webjarPaths;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  private ApiDescriptionRoutes(String service, Map<String, String> webjarPaths) {
    this.service = service;
    this.webjarPaths = webjarPaths;
  }

  /**
   * Registers the four routes for {@code service}.
   *
   * @throws IllegalStateException when the service's document or Swagger UI's files are not on the
   *     classpath (a build that lost them should not start)
   */
  public static void register(HttpRouter router, String service) {
    byte[] document = resource("openapi/" + service + ".json");
    WebJarVersionLocator locator = new WebJarVersionLocator();
    Map<String, String> webjarPaths = new ConcurrentHashMap<>();
    for (String file : FILES.keySet()) {
      String path =
          file.equals(OWN_SCRIPT) ? "api-docs/" + OWN_SCRIPT : locator.fullPath(WEBJAR, file);
      if (path == null || ApiDescriptionRoutes.class.getClassLoader().getResource(path) == null) {
        throw new IllegalStateException("the docs page's " + file + " is not on the classpath");
      }
      webjarPaths.put(file, path);
    }
    ApiDescriptionRoutes routes = new ApiDescriptionRoutes(service, webjarPaths);
    Discovery discovery =
        new Discovery(SERVICES.stream().map(ServiceEntry::of).toList(), DOCS_PATH);
    router
        .get(
            "/api/" + service + "/openapi.json",
            request -> Response.bytes(HttpStatus.OK, Response.JSON, document))
        .get(DISCOVERY_PATH, request -> Response.data(HttpStatus.OK, discovery))
        .get(DOCS_PATH, request -> Response.text(HttpStatus.OK, HTML, routes.page()))
        .get(DOCS_PATH + "/{file}", request -> routes.file(request.pathParam("file")));
  }

  /**
   * The page. Through Kong it is opened as {@code /api/docs?apikey=KEY}, and a script or style that
   * the page named in its markup would be asked for without the key (401): so a few lines load them
   * with the page's key, and {@code nis-docs.js} sends it with every request Swagger UI makes (the
   * documents, "Try it out"). Reached directly, the page has no key and needs none.
   */
  private String page() {
    return """
        <!DOCTYPE html>
        <html lang="en" data-service="%s">
        <head>
          <meta charset="utf-8">
          <title>nis API</title>
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script>
            (function () {
              var key = new URLSearchParams(location.search).get("apikey");
              var query = key ? "?apikey=" + encodeURIComponent(key) : "";
              window.nisApiKey = key;
              var style = document.createElement("link");
              style.rel = "stylesheet";
              style.href = "%s/swagger-ui.css" + query;
              document.head.appendChild(style);
              ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "%s"].forEach(function (file) {
                var script = document.createElement("script");
                script.src = "%s/" + file + query;
                script.async = false;
                document.body.appendChild(script);
              });
            })();
          </script>
        </body>
        </html>
        """
        .formatted(service, DOCS_PATH, OWN_SCRIPT, DOCS_PATH);
  }

  private Response file(String name) {
    String type = FILES.get(name);
    if (type == null) {
      throw new ProblemException(
          Problem.of(HttpStatus.NOT_FOUND, "the docs page has no file " + name));
    }
    byte[] bytes = files.computeIfAbsent(name, n -> resource(webjarPaths.get(n)));
    // the names carry no version: a day, so that a new release's files arrive within one
    return Response.bytes(HttpStatus.OK, type, bytes)
        .withHeader("Cache-Control", "public, max-age=86400");
  }

  private static byte[] resource(String path) {
    try (InputStream in = ApiDescriptionRoutes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
  }
}
