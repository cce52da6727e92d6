package dev.nis.deploy.chart;

import dev.nis.deploy.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/** Where the chart and the values files are, and the YAML plumbing the chart tests share. */
public final class ChartFiles {
  private ChartFiles() {}

  public static Path chart() {
    return Repo.root().resolve("k8s/chart/nis");
  }

  public static Path values(String name) {
    return Repo.root().resolve("k8s/values").resolve(name);
  }

  public static Map<String, Object> readYaml(Path file) {
    try {
      return map(yaml().load(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Yaml yaml() {
    DumperOptions dump = new DumperOptions();
    dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(dump), dump);
  }

  public static Map<String, Object> map(Object o) {
    return Repo.map(o);
  }

  public static List<Object> list(Object o) {
    return Repo.list(o);
  }

  /** The value at a dotted path of nested maps, or null. */
  public static Object at(Map<String, Object> map, String dotted) {
    Object current = map;
    for (String key : dotted.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  /** A deep copy of maps and lists (scalars are shared: they are immutable). */
  public static Object deepCopy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
      return copy;
    }
    if (o instanceof List<?> l) {
      return new ArrayList<>(l.stream().map(ChartFiles::deepCopy).toList());
    }
    return o;
  }

  /** {@code overlay} merged into {@code base} the way Helm merges values files. */
  public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
    Map<String, Object> merged = map(deepCopy(base));
    overlay.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> && merged.get(k) instanceof Map<?, ?>) {
            merged.put(k, merge(map(merged.get(k)), map(v)));
          } else {
            merged.put(k, deepCopy(v));
          }
        });
    return merged;
  }

  /** Copies a directory tree, rewriting each file's text with {@code rewrite}. */
  public static void copyTree(Path from, Path to, UnaryOperator<String> rewrite) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.writeString(target, rewrite.apply(Files.readString(source)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
