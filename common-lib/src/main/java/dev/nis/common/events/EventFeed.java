package dev.nis.common.events;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The source of one service's events: the messages the bus already carries (never the apply path),
 * read per client from a position.
 */
public interface EventFeed {
  /**
   * Starts sending {@code sink} every event after {@code after} (or, when empty, every event from
   * now on) that {@code filter} accepts, in each stream's order, until the returned subscription is
   * closed or {@code sink} answers false (the client wants no more). {@code sink} is called on the
   * bus client's thread and must not block.
   *
   * @throws dev.nis.common.application.DependencyUnavailableException when the bus is unreachable
   */
  Subscription open(Optional<EventCursor> after, EventFilter filter, Predicate<StreamEvent> sink);

  /** A client's feed; closing it stops the deliveries. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
