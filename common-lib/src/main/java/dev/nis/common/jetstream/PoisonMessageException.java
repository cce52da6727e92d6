package dev.nis.common.jetstream;

/** A message that can never be applied (it does not decode): dead-lettered at once. */
public final class PoisonMessageException extends RuntimeException {
  public PoisonMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
