package dev.nis.initializer;

import java.util.List;

/** How an existing stream or bucket differs from its declaration, in the fields we declare. */
public record ConfigurationDiff(List<FieldDifference> differences) {

  public ConfigurationDiff {
    differences = List.copyOf(differences);
  }

  public boolean isEmpty() {
    return differences.isEmpty();
  }

  /** Differences JetStream can apply in place. */
  public List<FieldDifference> updatable() {
    return differences.stream().filter(FieldDifference::updatable).toList();
  }

  /** Differences that only deleting and re-creating would resolve. */
  public List<FieldDifference> fixed() {
    return differences.stream().filter(d -> !d.updatable()).toList();
  }

  public boolean hasFixed() {
    return differences.stream().anyMatch(d -> !d.updatable());
  }

  /** One conflict per difference that cannot be applied in place. */
  public List<Outcome> conflicts(ResourceKind kind, String name) {
    return fixed().stream()
        .<Outcome>map(d -> new Outcome.Conflict(kind, name, d.field(), d.existing(), d.declared()))
        .toList();
  }
}
