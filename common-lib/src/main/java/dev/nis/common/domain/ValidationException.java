package dev.nis.common.domain;

/** Input that breaks a domain rule; {@code field} names the offending field (snake_case). */
public final class ValidationException extends RuntimeException {
  private final String field;

  public ValidationException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
