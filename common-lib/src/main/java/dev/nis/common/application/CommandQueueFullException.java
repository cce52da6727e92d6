package dev.nis.common.application;

/**
 * The service's command queue held as many commands not yet applied as its limit, or more ({@link
 * CommandQueueLimit}) for as long as a mutation may wait. Nothing was recorded or queued: the HTTP
 * edge answers 503 with {@code Retry-After}, as for any dependency that cannot take the request
 * now.
 */
public final class CommandQueueFullException extends DependencyUnavailableException {
  private final long unapplied;
  private final long limit;

  public CommandQueueFullException(long unapplied, long limit) {
    super(
        "command queue",
        "it holds " + unapplied + " commands not yet applied, at or over its limit of " + limit);
    this.unapplied = unapplied;
    this.limit = limit;
  }

  /** The commands not yet applied when the wait ended. */
  public long unapplied() {
    return unapplied;
  }

  /** {@code COMMAND_QUEUE_LIMIT}. */
  public long limit() {
    return limit;
  }
}
