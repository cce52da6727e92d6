package dev.nis.deploy.chart;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The objects one {@code helm template} produced, hooks included. */
public record Rendered(List<Manifest> manifests) {

  public List<Manifest> ofKind(String kind) {
    return manifests.stream().filter(m -> kind.equals(m.kind())).toList();
  }

  public Manifest get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new NoSuchElementException("no " + kind + " " + name + " in " + this));
  }

  public Optional<Manifest> find(String kind, String name) {
    return manifests.stream()
        .filter(m -> kind.equals(m.kind()) && name.equals(m.name()))
        .findFirst();
  }

  public Set<String> kinds() {
    return new TreeSet<>(manifests.stream().map(Manifest::kind).toList());
  }

  @Override
  public String toString() {
    return manifests.stream().map(Manifest::toString).toList().toString();
  }
}
