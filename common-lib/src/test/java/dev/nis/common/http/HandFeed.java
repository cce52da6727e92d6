package dev.nis.common.http;

import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventFeed;
import dev.nis.common.events.EventFilter;
import dev.nis.common.events.StreamEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** An in-memory feed for one client: the test offers events to the client's sink itself. */
final class HandFeed implements EventFeed {
  /** The sink of the client that opened the feed, once one has. */
  final CompletableFuture<Predicate<StreamEvent>> sink = new CompletableFuture<>();

  @Override
  public Subscription open(
      Optional<EventCursor> after, EventFilter filter, Predicate<StreamEvent> sink) {
    this.sink.complete(sink);
    return new Subscription() {
      @Override
      public void catchUp(Predicate<StreamEvent> write) {}

      @Override
      public void close() {}
    };
  }
}
