package dev.nis.common.application.port.out;

/**
 * Where accepted commands are queued (a JetStream command stream), deduplicated by operation id.
 *
 * @param <C> the service's command type
 */
public interface CommandQueue<C> {
  /**
   * Returns once the queue may take one more command; a bounded queue ({@link
   * dev.nis.common.application.BoundedCommandQueue}) waits for room, then throws {@link
   * dev.nis.common.application.CommandQueueFullException} (the edge answers 503). Called before
   * anything of the command is recorded. An unbounded queue returns at once.
   */
  default void awaitRoom() {}

  /**
   * Returns once the queue has stored the command; throws {@link
   * dev.nis.common.application.DependencyUnavailableException} otherwise (the edge answers 503).
   */
  void enqueue(C command);

  /**
   * As {@link #enqueue}, for a command that may be queued already, perhaps long ago (the repeat of
   * an {@code Idempotency-Key}'s first request, whose command is still {@code pending}): marked as
   * a reissue, so that its applier applies it only while its operation is undecided ({@link
   * dev.nis.common.application.Delivery#reissue}). JetStream drops it within its duplicate window;
   * past the window the mark is what keeps a second copy from applying the change again over later
   * ones (I4).
   */
  void reissue(C command);
}
