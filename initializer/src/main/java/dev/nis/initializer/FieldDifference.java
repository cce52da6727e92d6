package dev.nis.initializer;

/**
 * One declared field whose value on the server differs from the declaration. Field names are the
 * ones of the JetStream API ({@code max_age}, {@code retention}, ...), as operators see them in
 * {@code nats stream info --json}.
 *
 * @param updatable whether JetStream can change this field on a live stream or bucket
 */
public record FieldDifference(String field, String existing, String declared, boolean updatable) {

  @Override
  public String toString() {
    return field + " " + existing + " -> " + declared;
  }
}
