package dev.nis.initializer;

/** The process exit codes of the initializer. */
public enum ExitCode {
  /** Every stream and bucket exists as declared. */
  SUCCESS(0),
  /** NATS unreachable, bad configuration, or a request JetStream refused. */
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
