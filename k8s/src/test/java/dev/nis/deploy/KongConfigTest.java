package dev.nis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.deploy.chart.Manifest;
import dev.nis.deploy.chart.NisChart;
import dev.nis.deploy.chart.Rendered;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KongConfigTest {
  private static final Pattern VAULT_REF = Pattern.compile("\\{vault://[a-z0-9-]+/[a-z0-9-]+}");

  private static Map<String, Object> kong;
  private static Map<String, Object> compose;

  @BeforeAll
  static void load() throws IOException {
    kong = Repo.yaml("kong/kong.yml");
    compose = Repo.yaml("docker-compose.yml");
  }

  private static List<Map<String, Object>> services() {
    return Repo.list(kong.get("services")).stream().map(Repo::map).toList();
  }

  private static List<Map<String, Object>> routes() {
    List<Map<String, Object>> routes = new ArrayList<>();
    services().forEach(s -> Repo.list(s.get("routes")).forEach(r -> routes.add(Repo.map(r))));
    Repo.list(kong.get("routes")).forEach(r -> routes.add(Repo.map(r)));
    return routes;
  }

  /** Plugins that apply to a route: global ones, the route's own and its service's. */
  private static List<Map<String, Object>> pluginsOf(
      Map<String, Object> service, Map<String, Object> route) {
    List<Map<String, Object>> plugins = new ArrayList<>();
    for (Object p : Repo.list(kong.get("plugins"))) {
      Map<String, Object> plugin = Repo.map(p);
      if (plugin.get("route") == null
          && plugin.get("service") == null
          && plugin.get("consumer") == null) {
        plugins.add(plugin);
      } else if (route.get("name") != null && route.get("name").equals(plugin.get("route"))) {
        plugins.add(plugin);
      } else if (service.get("name") != null && service.get("name").equals(plugin.get("service"))) {
        plugins.add(plugin);
      }
    }
    Repo.list(service.get("plugins")).forEach(p -> plugins.add(Repo.map(p)));
    Repo.list(route.get("plugins")).forEach(p -> plugins.add(Repo.map(p)));
    return plugins;
  }

  private static Map<String, Object> plugin(List<Map<String, Object>> plugins, String name) {
    return plugins.stream().filter(p -> name.equals(p.get("name"))).findFirst().orElse(null);
  }

  /**
   * The services read {@code Idempotency-Key} and scope it to the {@code X-Consumer-ID} key-auth
   * sets: no plugin may drop either on the way (a CORS plugin must allow the header).
   */
  @Test
  void idempotencyKeyAndTheConsumerReachTheServices() {
    for (Map<String, Object> s : services()) {
      for (Object r : Repo.list(s.get("routes"))) {
        Map<String, Object> route = Repo.map(r);
        List<Map<String, Object>> plugins = pluginsOf(s, route);
        Map<String, Object> keyAuth = Repo.map(plugin(plugins, "key-auth").get("config"));
        assertThat(keyAuth.get("anonymous")).as("an anonymous consumer shares keys").isNull();
        Map<String, Object> cors = plugin(plugins, "cors");
        if (cors != null) {
          assertThat(Repo.list(Repo.map(cors.get("config")).get("headers")))
              .as("CORS headers on %s", route.get("name"))
              .contains("Idempotency-Key");
        }
        for (String transformer : List.of("request-transformer", "request-transformer-advanced")) {
          Map<String, Object> t = plugin(plugins, transformer);
          if (t != null) {
            Map<String, Object> remove = Repo.map(Repo.map(t.get("config")).get("remove"));
            assertThat(Repo.list(remove.get("headers")))
                .doesNotContain("Idempotency-Key", "X-Consumer-ID");
          }
        }
      }
    }
  }

  @Test
  void formatIsDeclarative3() {
    assertThat(kong.get("_format_version")).isEqualTo("3.0");
  }

  @Test
  void routesKeepThePinnedPaths() {
    Map<String, List<Object>> pathsByService = new java.util.HashMap<>();
    for (Map<String, Object> s : services()) {
      for (Object r : Repo.list(s.get("routes"))) {
        Map<String, Object> route = Repo.map(r);
        assertThat(route.get("strip_path"))
            .as("strip_path of %s", route.get("name"))
            .isEqualTo(false);
        pathsByService
            .computeIfAbsent((String) s.get("name"), k -> new ArrayList<>())
            .addAll(Repo.list(route.get("paths")));
      }
    }
    // and the rest of /api (discovery, the docs page) to courses, which both services serve
    assertThat(pathsByService.get("courses")).containsExactly("/api/courses", "/api");
    assertThat(pathsByService.get("students")).containsExactly("/api/students");
  }

  /**
   * The API's description through Kong: discovery and the docs page reach courses (both services
   * serve them alike), each service's OpenAPI document its own service, as Kong picks the longest
   * matching prefix; /metrics reaches nothing.
   */
  @Test
  void discoveryTheDocsPageAndEachDocument_reachTheirService() {
    Map<String, String> expected =
        Map.of(
            "/api", "courses",
            "/api/docs", "courses",
            "/api/docs/swagger-ui-bundle.js", "courses",
            "/api/courses/openapi.json", "courses",
            "/api/students/openapi.json", "students",
            "/api/students", "students");
    expected.forEach((path, service) -> assertThat(serviceFor(path)).as(path).isEqualTo(service));
    assertThat(serviceFor("/metrics")).isNull();
  }

  /** The service of the route whose prefix is the longest that {@code path} starts with. */
  private static String serviceFor(String path) {
    String best = null;
    int longest = -1;
    for (Map<String, Object> s : services()) {
      for (Object r : Repo.list(s.get("routes"))) {
        for (Object p : Repo.list(Repo.map(r).get("paths"))) {
          String prefix = (String) p;
          if (pathMatches(prefix, path) && prefix.length() > longest) {
            best = (String) s.get("name");
            longest = prefix.length();
          }
        }
      }
    }
    return best;
  }

  @Test
  void everyRouteHasKeyAuthCorrelationIdAndLocalRateLimiting() {
    assertThat(routes()).isNotEmpty();
    for (Map<String, Object> s : services()) {
      for (Object r : Repo.list(s.get("routes"))) {
        Map<String, Object> route = Repo.map(r);
        List<Map<String, Object>> plugins = pluginsOf(s, route);
        String name = (String) route.get("name");

        Map<String, Object> keyAuth = plugin(plugins, "key-auth");
        assertThat(keyAuth).as("key-auth on %s", name).isNotNull();
        assertThat(Repo.list(Repo.map(keyAuth.get("config")).get("key_names")))
            .as("key names on %s", name)
            .contains("apikey", "X-API-KEY");

        Map<String, Object> correlation = plugin(plugins, "correlation-id");
        assertThat(correlation).as("correlation-id on %s", name).isNotNull();
        Map<String, Object> cc = Repo.map(correlation.get("config"));
        assertThat(cc.get("header_name")).isEqualTo("X-Request-ID");
        assertThat(cc.get("echo_downstream")).isEqualTo(true);

        Map<String, Object> rate = plugin(plugins, "rate-limiting");
        assertThat(rate).as("rate-limiting on %s", name).isNotNull();
        assertThat(Repo.map(rate.get("config")).get("policy")).isEqualTo("local");
      }
    }
  }

  @Test
  void prometheusIsGlobal() {
    assertThat(
            Repo.list(kong.get("plugins")).stream()
                .map(Repo::map)
                .filter(p -> "prometheus".equals(p.get("name")))
                .filter(p -> p.get("route") == null && p.get("service") == null))
        .hasSize(1);
  }

  @Test
  void noRouteMatchesMetrics() {
    for (Map<String, Object> route : routes()) {
      for (Object p : Repo.list(route.get("paths"))) {
        String path = (String) p;
        assertThat(path).as("route %s", route.get("name")).doesNotStartWith("~");
        assertThat(pathMatches(path, "/metrics"))
            .as("route %s path %s matches /metrics", route.get("name"), path)
            .isFalse();
      }
      assertThat(route.get("paths")).as("a route without paths matches everything").isNotNull();
    }
  }

  /** Kong's prefix match for a plain (non-regex) path. */
  private static boolean pathMatches(String routePath, String requestPath) {
    return requestPath.startsWith(routePath);
  }

  @Test
  void everyServiceUrlNamesAComposeServiceAndItsPort() {
    Map<String, Object> composeServices = Repo.map(compose.get("services"));
    for (Map<String, Object> s : services()) {
      URI url = URI.create((String) s.get("url"));
      String host = url.getHost();
      assertThat(composeServices).as("compose service for %s", url).containsKey(host);
      Map<String, Object> env = Repo.map(Repo.map(composeServices.get(host)).get("environment"));
      String portVar = host.toUpperCase() + "_HTTP_PORT";
      assertThat(env.get(portVar))
          .as("%s of %s", portVar, host)
          .isEqualTo(String.valueOf(url.getPort()));
    }
    assertThat(services().stream().map(s -> s.get("url")))
        .containsOnly("http://courses:8081", "http://students:8082")
        .contains("http://courses:8081", "http://students:8082");
  }

  /**
   * Each Kong service has a chart Service of its name (the event streams' {@code courses-events}
   * reaches the {@code courses} pods, as its URL does in compose) on the URL's port, and the
   * chart's Ingresses route it the same paths.
   */
  @Test
  void everyServiceUrlNamesAChartServiceAndItsPort_andTheIngressRoutesTheSamePaths() {
    Rendered chart = NisChart.defaults();
    for (Map<String, Object> s : services()) {
      URI url = URI.create((String) s.get("url"));
      String name = (String) s.get("name");
      assertThat(name).startsWith(url.getHost());
      Manifest service =
          chart
              .find("Service", name)
              .orElseThrow(() -> new AssertionError("no chart Service for " + name));
      assertThat(Repo.list(service.spec().get("ports")))
          .as("ports of chart Service %s", url.getHost())
          .anySatisfy(
              p -> {
                assertThat(Repo.map(p).get("name")).isEqualTo("http");
                assertThat(Repo.map(p).get("port")).isEqualTo(url.getPort());
              });

      List<Object> kongPaths = new ArrayList<>();
      Repo.list(s.get("routes"))
          .forEach(r -> kongPaths.addAll(Repo.list(Repo.map(r).get("paths"))));
      List<Object> ingressPaths = new ArrayList<>();
      for (Manifest ingress : chart.ofKind("Ingress")) {
        for (Object rule : Repo.list(ingress.spec().get("rules"))) {
          for (Object p : Repo.list(Repo.map(Repo.map(rule).get("http")).get("paths"))) {
            Map<String, Object> backend =
                Repo.map(Repo.map(Repo.map(p).get("backend")).get("service"));
            if (name.equals(backend.get("name"))) {
              ingressPaths.add(Repo.map(p).get("path"));
            }
          }
        }
      }
      assertThat(ingressPaths).as("Ingress paths to %s", name).isEqualTo(kongPaths);
    }
  }

  /**
   * The event streams (Server-Sent Events) have routes of their own: the key like every route (see
   * {@link #everyRouteHasKeyAuthCorrelationIdAndLocalRateLimiting}), response buffering off so that
   * each event passes at once, and a read timeout (a service's setting) far above the streams' 15 s
   * heartbeat; the chart gives its Kong the same timeout.
   */
  @Test
  void eventStreamRoutesPassEventsUnbufferedAndWaitLongBetweenReads() throws IOException {
    Map<String, Object> chartValues = Repo.yaml("k8s/chart/nis/values.yaml");
    Object chartTimeout =
        Repo.map(Repo.map(chartValues.get("kong")).get("events")).get("readTimeoutMillis");
    for (String api : List.of("courses", "students")) {
      Map<String, Object> service =
          services().stream()
              .filter(s -> (api + "-events").equals(s.get("name")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Kong service " + api + "-events"));
      Map<String, Object> main =
          services().stream().filter(s -> api.equals(s.get("name"))).findFirst().orElseThrow();
      assertThat(service.get("url")).as("same upstream as %s", api).isEqualTo(main.get("url"));
      assertThat(((Number) service.get("read_timeout")).longValue())
          .as("read_timeout of %s-events (ms)", api)
          .isGreaterThanOrEqualTo(Duration.ofMinutes(5).toMillis());
      assertThat(service.get("read_timeout")).as("the chart's timeout").isEqualTo(chartTimeout);
      List<Map<String, Object>> routes =
          Repo.list(service.get("routes")).stream().map(Repo::map).toList();
      assertThat(routes).hasSize(1);
      assertThat(Repo.list(routes.get(0).get("paths"))).containsExactly("/api/" + api + "/events");
      assertThat(routes.get(0).get("response_buffering")).isEqualTo(false);
      assertThat(plugin(pluginsOf(service, routes.get(0)), "key-auth")).isNotNull();
    }
  }

  @Test
  void consumerKeyIsAVaultReference() {
    List<Map<String, Object>> consumers =
        Repo.list(kong.get("consumers")).stream().map(Repo::map).toList();
    assertThat(consumers).extracting(c -> c.get("username")).contains("nis-client");
    for (Map<String, Object> c : consumers) {
      for (Object k : Repo.list(c.get("keyauth_credentials"))) {
        assertThat((String) Repo.map(k).get("key")).matches(VAULT_REF);
      }
    }
    Map<String, Object> kongEnv =
        Repo.map(Repo.map(Repo.map(compose.get("services")).get("kong")).get("environment"));
    assertThat((String) kongEnv.get("NIS_API_KEY")).startsWith("${NIS_API_KEY");
  }

  @Test
  void kongStartsThroughTheScriptThatRendersTheKey() throws IOException {
    Map<String, Object> kongSvc = Repo.map(Repo.map(compose.get("services")).get("kong"));
    assertThat(Repo.list(kongSvc.get("entrypoint"))).contains("/kong/docker-start.sh");
    assertThat(Repo.list(kongSvc.get("volumes")))
        .contains(
            "./kong/kong.yml:/kong/kong.yml:ro",
            "./kong/docker-start.sh:/kong/docker-start.sh:ro",
            "./kong/render-config.sh:/kong/render-config.sh:ro");
    String script = Files.readString(Repo.root().resolve("kong/docker-start.sh"));
    assertThat(script)
        .contains("sh /kong/render-config.sh /kong/kong.yml /tmp/kong.yml")
        .contains("export KONG_DECLARATIVE_CONFIG=/tmp/kong.yml");
    Map<String, Object> env = Repo.map(kongSvc.get("environment"));
    assertThat(env.get("KONG_DATABASE")).isEqualTo("off");
    assertThat(env.get("KONG_DECLARATIVE_CONFIG")).isEqualTo("/tmp/kong.yml");
  }

  /** Any {@code key:} under {@code keyauth_credentials} in any tracked YAML file. */
  private static final Pattern KEY_LINE = Pattern.compile("^\\s*-?\\s*key:\\s*(.+?)\\s*$");

  @Test
  void noLiteralConsumerKeyInTrackedFiles() throws Exception {
    Path root = Repo.root();
    Process git = new ProcessBuilder("git", "ls-files").directory(root.toFile()).start();
    List<String> files;
    try (var in = git.getInputStream()) {
      files = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertThat(git.waitFor()).isZero();
    List<String> offenders = new ArrayList<>();
    List<String> scanned = new ArrayList<>(files);
    if (!scanned.contains("kong/kong.yml")) {
      scanned.add("kong/kong.yml"); // not yet committed: scan it anyway
    }
    for (String f : scanned) {
      if (!(f.endsWith(".yml") || f.endsWith(".yaml") || f.endsWith(".json"))) {
        continue;
      }
      Path file = root.resolve(f);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      boolean inCredentials = false;
      int credIndent = -1;
      int lineNo = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        lineNo++;
        int indent = line.length() - line.stripLeading().length();
        if (line.strip().startsWith("keyauth_credentials")) {
          inCredentials = true;
          credIndent = indent;
          continue;
        }
        if (inCredentials
            && !line.isBlank()
            && indent <= credIndent
            && !line.strip().startsWith("-")) {
          inCredentials = false;
        }
        Matcher m = KEY_LINE.matcher(line);
        if (inCredentials && m.matches()) {
          String value = m.group(1).replaceAll("^[\"']|[\"']$", "");
          if (!VAULT_REF.matcher(value).matches()) {
            offenders.add(f + ":" + lineNo);
          }
        }
      }
    }
    assertThat(offenders).as("literal consumer keys").isEmpty();
  }
}
