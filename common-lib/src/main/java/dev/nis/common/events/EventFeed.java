package dev.nis.common.events;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The source of one service's events: the messages the bus already carries (never the apply path).
 * Each replica reads them once and hands every event to all its clients; a client that resumes from
 * an earlier position first catches up on what came before it joined, on its own thread.
 */
public interface EventFeed {
  /**
   * Joins a client: from now on, every new event {@code filter} accepts that lies after {@code
   * after} (in each stream) is offered to {@code sink}, in each stream's order, until the returned
   * subscription is closed or {@code sink} answers false (the client wants no more). {@code sink}
   * is called on the feed's one thread, shared by every client of the replica, and must not block.
   * The events between {@code after} and the point where the client joined are written by {@link
   * Subscription#catchUp}, which the client calls before it sends anything {@code sink} was given.
   *
   * @param after the last event the client has, or empty: from now on (a client following one
   *     operation is also sent the operation's stored state, by {@link Subscription#catchUp})
   * @throws dev.nis.common.application.DependencyUnavailableException when the bus is unreachable
   * @throws dev.nis.common.domain.ValidationException naming {@link EventCursor#LAST_EVENT_ID} when
   *     {@code after} lies past the end of the streams: no event was sent with it, and taken as it
   *     is it would hold back every event until the streams got there
   */
  Subscription open(Optional<EventCursor> after, EventFilter filter, Predicate<StreamEvent> sink);

  /** A client's feed; closing it stops the deliveries. */
  interface Subscription extends AutoCloseable {
    /**
     * Writes, on the calling thread and at its pace, the events the client lacks from before it
     * joined (none for a client that starts now), in each stream's order; returns once it has them
     * all, or as soon as {@code write} answers false.
     *
     * @throws dev.nis.common.application.DependencyUnavailableException when the bus cannot be
     *     read: the client has what was written and can resume after it
     */
    void catchUp(Predicate<StreamEvent> write);

    @Override
    void close();
  }
}
