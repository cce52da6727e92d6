package dev.nis.initializer;

/** What the initializer provisions. */
public enum ResourceKind {
  STREAM("stream"),
  BUCKET("bucket");

  private final String label;

  ResourceKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
