package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventFilter;
import dev.nis.common.events.StreamEvent;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a client lacks from before it joined the shared feed of {@link JetStreamEventFeed}: the
 * messages between its cursor and the feed's position when it joined, read one by one with
 * JetStream's "next message by subject" get on the client's own thread, so that it goes at the
 * client's pace, leaves no consumer on the server, and never delays the shared feed.
 */
final class EventCatchUp {
  /** JetStream's answer to a get when no message is at or after the sequence. */
  private static final int NO_MESSAGE = 10037;

  private final JetStreamManagement management;
  private final JetStreamContract contract;
  private final EventTranslation translation;
  private final String operationsStream;
  private final EventFilter filter;

  EventCatchUp(
      JetStreamManagement management,
      JetStreamContract contract,
      EventTranslation translation,
      String operationsStream,
      EventFilter filter) {
    this.management = management;
    this.contract = contract;
    this.translation = translation;
    this.operationsStream = operationsStream;
    this.filter = filter;
  }

  private String operationsSubject() {
    // a client following one operation reads only its key, not every outcome
    return "$KV." + contract.operationsBucket() + "." + filter.operationId().orElse(">");
  }

  /**
   * Writes the events after {@code after} up to {@code joinedAt}, the operations first, then the
   * enrollment log (each stream's cursor says what was sent of it, so the order between the two
   * does not matter to a resume).
   */
  void between(EventCursor after, EventCursor joinedAt, Predicate<StreamEvent> write) {
    EventCursor cursor = after;
    long lastOperation = joinedAt.operations() / EventCursor.PARTS;
    long sequence = after.operationsStartSequence();
    while (after.operations() < joinedAt.operations()) {
      Optional<MessageInfo> message = next(operationsStream, sequence, operationsSubject());
      if (message.isEmpty() || message.get().getSeq() > lastOperation) {
        break;
      }
      long at = message.get().getSeq();
      for (StreamEvent event :
          translation.operationEvents(
              message.get().getData(), message.get().getHeaders(), at, cursor, false)) {
        if (event.cursor().operations() <= after.operations()) {
          continue; // sent before the client resumed: the first message may be half sent
        }
        cursor = cursor.withOperations(event.cursor().operations());
        if (filter.accepts(event) && !write.test(event.withCursor(cursor))) {
          return;
        }
      }
      cursor =
          cursor.withOperations(
              Math.max(cursor.operations(), EventCursor.afterOperationsMessage(at)));
      sequence = at + 1;
    }
    cursor = cursor.withOperations(Math.max(cursor.operations(), joinedAt.operations()));
    sequence = after.enrollmentsStartSequence();
    while (sequence <= joinedAt.enrollments()) {
      Optional<MessageInfo> message =
          next(contract.enrollmentStream(), sequence, contract.enrollmentSubjects());
      if (message.isEmpty() || message.get().getSeq() > joinedAt.enrollments()) {
        return;
      }
      long at = message.get().getSeq();
      Optional<StreamEvent> event =
          translation.enrollmentEvent(
              message.get().getData(), message.get().getHeaders(), at, cursor);
      cursor = cursor.withEnrollments(at);
      if (event.isPresent()
          && filter.accepts(event.get())
          && !write.test(event.get().withCursor(cursor))) {
        return;
      }
      sequence = at + 1;
    }
  }

  /**
   * Writes the stored state of the operation a client follows, when the shared feed had passed it
   * before the client joined (a later one reaches the client through the feed).
   */
  void storedState(String operationId, EventCursor joinedAt, Predicate<StreamEvent> write) {
    Optional<MessageInfo> message;
    try {
      message =
          Optional.of(
              management.getLastMessage(
                  operationsStream, "$KV." + contract.operationsBucket() + "." + operationId));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != NO_MESSAGE) {
        throw new DependencyUnavailableException("nats", e);
      }
      message = Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new DependencyUnavailableException("nats", e);
    }
    if (message.isEmpty() || message.get().getSeq() > joinedAt.operations() / EventCursor.PARTS) {
      return;
    }
    long at = message.get().getSeq();
    for (StreamEvent event :
        translation.operationEvents(
            message.get().getData(),
            message.get().getHeaders(),
            at,
            joinedAt.withOperations(0),
            true)) {
      if (filter.accepts(event) && !write.test(event)) {
        return;
      }
    }
  }

  private Optional<MessageInfo> next(String stream, long sequence, String subject) {
    try {
      return Optional.of(management.getNextMessage(stream, sequence, subject));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == NO_MESSAGE) {
        return Optional.empty();
      }
      throw new DependencyUnavailableException("nats", e);
    } catch (IOException | RuntimeException e) {
      throw new DependencyUnavailableException("nats", e);
    }
  }
}
