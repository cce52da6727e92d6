package dev.nis.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository root (the parent of this module) and YAML reading helpers. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    Path here = Path.of("").toAbsolutePath();
    Path dir = Files.exists(here.resolve("docker-compose.yml")) ? here : here.getParent();
    if (!Files.exists(dir.resolve("docker-compose.yml"))) {
      throw new IllegalStateException("no docker-compose.yml in " + here + " or its parent");
    }
    return dir;
  }

  public static Map<String, Object> yaml(String relative) throws IOException {
    try (InputStream in = Files.newInputStream(root().resolve(relative))) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return map(doc);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }
}
