package dev.nis.deploy.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Renders k8s/chart/nis with Helm's own Go library (helm-java), as {@code helm template} would.
 *
 * <p>helm-java's template returns the release manifest without the hooks. So that the hook Job is
 * rendered and checked like everything else, the chart is rendered from a copy whose {@code
 * helm.sh/hook*} annotation keys are renamed to a stand-in (Helm then treats the hooks as ordinary
 * objects) and renamed back in the parsed result: the objects are exactly those {@code helm
 * template} prints, hooks included.
 */
public final class NisChart {
  public static final String RELEASE = "nis";
  public static final String NAMESPACE = "nis";

  /**
   * The Kubernetes version the chart is rendered for: the version whose API the schema checks use
   * (io.kubernetes:client-java-api 27.0.0 is generated from Kubernetes 1.36).
   */
  public static final String KUBE_VERSION = "1.36.0";

  /** A key for rendering only; the chart has no default key, so a render must give one. */
  public static final String TEST_API_KEY = "render-test-key-0123456789";

  /** What a render with the default values must be given: no credential has a default. */
  public static final Map<String, String> TEST_CREDENTIALS =
      orderedMap(
          "kong.consumer.apiKey", TEST_API_KEY,
          "credentials.postgresPassword", "render-test-postgres",
          "credentials.mongoPassword", "render-test-mongo",
          "credentials.redisPassword", "render-test-redis");

  private static final String HOOK = "helm.sh/hook";
  private static final String HOOK_STAND_IN = "nis-test.invalid/hook";
  private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
  private static Path hookVisibleCopy;

  private NisChart() {}

  /** The {@code @MethodSource} of tests run on every render. */
  public static final String RENDERS = "dev.nis.deploy.chart.NisChart#renders";

  /** The canary render's image tag and weights (percent of each service's requests). */
  public static final String CANARY_TAG = "0.2.0-rc.1";

  public static final int COURSES_CANARY_WEIGHT = 10;
  public static final int STUDENTS_CANARY_WEIGHT = 25;

  /** The renders the chart tests check: default values, production.yaml, and both canaries. */
  static Stream<Arguments> renders() {
    return Stream.of(
        Arguments.of("default values", defaults()),
        Arguments.of("production.yaml", production()),
        Arguments.of("canaries", canaries()));
  }

  public static Rendered defaults() {
    return CACHE.computeIfAbsent("defaults", k -> render(List.of(), TEST_CREDENTIALS));
  }

  /**
   * The default values with a canary of each service ({@code <service>.canary.*}): tag {@link
   * #CANARY_TAG}, weights {@link #COURSES_CANARY_WEIGHT} and {@link #STUDENTS_CANARY_WEIGHT}.
   */
  public static Rendered canaries() {
    return CACHE.computeIfAbsent(
        "canaries",
        k -> {
          Map<String, String> sets = new LinkedHashMap<>(TEST_CREDENTIALS);
          for (String service : List.of("courses", "students")) {
            sets.put(service + ".canary.enabled", "true");
            sets.put(service + ".canary.image.tag", CANARY_TAG);
          }
          sets.put("courses.canary.weight", String.valueOf(COURSES_CANARY_WEIGHT));
          sets.put("students.canary.weight", String.valueOf(STUDENTS_CANARY_WEIGHT));
          return render(List.of(), sets);
        });
  }

  /** The chart with k8s/values/production.yaml (which names existing Secrets). */
  public static Rendered production() {
    return CACHE.computeIfAbsent(
        "production", k -> render(List.of(ChartFiles.values("production.yaml")), Map.of()));
  }

  public static Rendered render(List<Path> valuesFiles, Map<String, String> sets) {
    return parse(renderText(valuesFiles, sets));
  }

  /** The multi-document YAML; throws IllegalStateException with Helm's message on failure. */
  public static String renderText(List<Path> valuesFiles, Map<String, String> sets) {
    TemplateCommand template =
        new Helm(hookVisibleCopy())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    for (Map.Entry<String, String> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return template.call();
  }

  static Rendered parse(String text) {
    List<Manifest> manifests = new ArrayList<>();
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.isBlank()) {
        continue;
      }
      String source =
          doc.lines()
              .filter(l -> l.startsWith("# Source: "))
              .map(l -> l.substring("# Source: ".length()))
              .findFirst()
              .orElse("?");
      Map<String, Object> body = ChartFiles.map(ChartFiles.yaml().load(doc));
      if (!body.isEmpty()) {
        manifests.add(new Manifest(source, restoreHookAnnotations(body)));
      }
    }
    return new Rendered(List.copyOf(manifests));
  }

  private static Map<String, Object> restoreHookAnnotations(Map<String, Object> body) {
    Map<String, Object> metadata = ChartFiles.map(body.get("metadata"));
    Map<String, Object> annotations = ChartFiles.map(metadata.get("annotations"));
    if (annotations.keySet().stream().noneMatch(k -> k.startsWith(HOOK_STAND_IN))) {
      return body;
    }
    Map<String, Object> restored = new LinkedHashMap<>();
    annotations.forEach(
        (k, v) ->
            restored.put(
                k.startsWith(HOOK_STAND_IN) ? HOOK + k.substring(HOOK_STAND_IN.length()) : k, v));
    metadata.put("annotations", restored);
    return body;
  }

  private static synchronized Path hookVisibleCopy() {
    if (hookVisibleCopy == null) {
      try {
        Path dir = Files.createTempDirectory("nis-chart-").resolve("nis");
        ChartFiles.copyTree(ChartFiles.chart(), dir, text -> text.replace(HOOK, HOOK_STAND_IN));
        hookVisibleCopy = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return hookVisibleCopy;
  }

  static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
