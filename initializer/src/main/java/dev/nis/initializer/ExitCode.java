package dev.nis.initializer;

/** The process exit codes of the initializer. */
public enum ExitCode {
  /** Every stream and bucket exists as declared. */
  SUCCESS(0),
  /**
   * NATS unreachable, bad configuration, a request JetStream refused, or a command stream of the
   * earlier layout not applied within {@code INIT_DRAIN_WAIT}.
   */
  FAILURE(1),
  /** Some stream or bucket exists with a field that cannot be changed in place. */
  CONFLICT(2);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
