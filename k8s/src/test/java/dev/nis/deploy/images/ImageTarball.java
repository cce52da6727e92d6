package dev.nis.deploy.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An image tarball as Jib writes it, in Docker's format ({@code manifest.json}, as {@code docker
 * save} writes) or as an OCI image layout ({@code index.json} → manifest → config and layer blobs).
 */
final class ImageTarball {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SMALL = 1 << 20;

  /** A file system entry of a layer and its content stream (valid only during the visit). */
  interface LayerVisitor {
    void visit(TarArchiveEntry entry, InputStream content) throws IOException;
  }

  private final Path file;
  private final String format;
  private final List<String> tags;
  private final JsonNode config;
  private final List<String> layers;

  private ImageTarball(
      Path file, String format, List<String> tags, JsonNode config, List<String> layers) {
    this.file = file;
    this.format = format;
    this.tags = tags;
    this.config = config;
    this.layers = layers;
  }

  static ImageTarball open(Path file) throws IOException {
    Map<String, byte[]> small = new HashMap<>();
    try (TarArchiveInputStream in = outer(file)) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.isFile() && e.getSize() < SMALL) {
          small.put(strip(e.getName()), in.readAllBytes());
        }
      }
    }
    if (small.containsKey("index.json")) {
      return openOci(file, small);
    }
    if (small.containsKey("manifest.json")) {
      return openDocker(file, small);
    }
    throw new IOException(file + " has neither index.json (OCI) nor manifest.json (Docker)");
  }

  private static ImageTarball openDocker(Path file, Map<String, byte[]> small) throws IOException {
    JsonNode manifests = JSON.readTree(small.get("manifest.json"));
    if (manifests.size() != 1) {
      throw new IOException(file + ": expected one image in manifest.json, found " + manifests);
    }
    JsonNode manifest = manifests.get(0);
    List<String> tags = new ArrayList<>();
    manifest.path("RepoTags").forEach(t -> tags.add(t.asText()));
    List<String> layers = new ArrayList<>();
    manifest.path("Layers").forEach(l -> layers.add(strip(l.asText())));
    JsonNode config = JSON.readTree(required(small, strip(manifest.path("Config").asText()), file));
    return new ImageTarball(file, "Docker", tags, config, layers);
  }

  private static ImageTarball openOci(Path file, Map<String, byte[]> small) throws IOException {
    JsonNode index = JSON.readTree(small.get("index.json"));
    if (index.path("manifests").size() != 1) {
      throw new IOException(file + ": expected one manifest in index.json, found " + index);
    }
    JsonNode descriptor = index.path("manifests").get(0);
    List<String> tags = new ArrayList<>();
    JsonNode refName = descriptor.path("annotations").path("org.opencontainers.image.ref.name");
    if (refName.isTextual()) {
      tags.add(refName.asText());
    }
    JsonNode manifest = JSON.readTree(required(small, blob(descriptor), file));
    JsonNode config = JSON.readTree(required(small, blob(manifest.path("config")), file));
    List<String> layers = new ArrayList<>();
    manifest.path("layers").forEach(l -> layers.add(blob(l)));
    return new ImageTarball(file, "OCI", tags, config, layers);
  }

  private static String blob(JsonNode descriptor) {
    return "blobs/" + descriptor.path("digest").asText().replace(':', '/');
  }

  private static byte[] required(Map<String, byte[]> small, String name, Path file)
      throws IOException {
    byte[] bytes = small.get(name);
    if (bytes == null) {
      throw new IOException(file + " lacks " + name);
    }
    return bytes;
  }

  private static TarArchiveInputStream outer(Path file) throws IOException {
    return new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
  }

  /** An entry name without a leading "./" or "/". */
  static String strip(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.substring(n.indexOf('/') + 1);
    }
    return n;
  }

  String format() {
    return format;
  }

  List<String> tags() {
    return tags;
  }

  /** The image configuration: {@code config} holds Entrypoint, Env, User, ExposedPorts, Labels. */
  JsonNode config() {
    return config;
  }

  JsonNode containerConfig() {
    return config.path("config");
  }

  int layerCount() {
    return layers.size();
  }

  /** Visits every entry of every layer, lowest layer first (whiteouts are visited as entries). */
  void visitLayers(LayerVisitor visitor) throws IOException {
    for (String layer : layers) {
      boolean found = false;
      try (TarArchiveInputStream in = outer(file)) {
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          if (strip(e.getName()).equals(layer)) {
            found = true;
            TarArchiveInputStream inner =
                new TarArchiveInputStream(new GzipCompressorInputStream(in));
            for (TarArchiveEntry f = inner.getNextEntry(); f != null; f = inner.getNextEntry()) {
              visitor.visit(f, inner);
            }
            break;
          }
        }
      }
      if (!found) {
        throw new IOException(file + " lacks the layer " + layer);
      }
    }
  }
}
