package dev.nis.initializer;

/** NATS with JetStream did not answer within the time the initializer waits for it. */
public final class NatsUnavailableException extends Exception {
  public NatsUnavailableException(String message, Throwable lastFailure) {
    super(message, lastFailure);
  }
}
