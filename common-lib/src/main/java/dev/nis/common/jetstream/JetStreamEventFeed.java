package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventFeed;
import dev.nis.common.events.EventFilter;
import dev.nis.common.events.StreamEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A service's events read from JetStream, never from the apply path: per client, one ordered
 * consumer on the operations bucket's stream and one on the enrollment log, both from the client's
 * cursor. Ordered consumers are ephemeral and unacknowledged (the server keeps no state for them
 * once the client goes), so a client that reads slowly costs only its own buffer and never holds
 * back the durable consumers that apply commands.
 *
 * <p>Every subscription shares one NATS dispatcher thread; its handlers only translate, filter and
 * hand the event to a sink that must not block (the HTTP stream's bounded buffer).
 */
public final class JetStreamEventFeed implements EventFeed, AutoCloseable {
  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final JetStreamContract contract;
  private final EventTranslation translation;
  private final Dispatcher dispatcher;

  /**
   * @param entity {@code course} or {@code student}: the service whose events these are
   * @param ownsEntity whether an operation's entity id is one of this service's
   */
  public JetStreamEventFeed(
      Connection connection,
      JetStreamContract contract,
      String entity,
      Predicate<String> ownsEntity)
      throws IOException {
    this.connection = connection;
    this.jetStream = connection.jetStream();
    this.management = connection.jetStreamManagement();
    this.contract = contract;
    this.translation = new EventTranslation(entity, ownsEntity);
    this.dispatcher = connection.createDispatcher();
  }

  private String operationsStream() {
    return "KV_" + contract.operationsBucket();
  }

  private String operationsSubject(Optional<String> operationId) {
    // a client following one operation reads only its key, not every outcome
    return "$KV." + contract.operationsBucket() + "." + operationId.orElse(">");
  }

  @Override
  public Subscription open(
      Optional<EventCursor> after, EventFilter filter, Predicate<StreamEvent> sink) {
    try {
      EventCursor start = after.isPresent() ? after.get() : now();
      if (after.isEmpty() && filter.operationId().isPresent()) {
        // A client follows its operation once it has its id (from the 202), by which time the
        // outcome may be written: its key's stored state is replayed (one message: the key alone
        // is read). Its enrollment entries are followed from now on.
        start = start.withOperations(0);
      }
      ClientFeed feed = new ClientFeed(start, filter, sink);
      JetStreamSubscription operations =
          subscribe(
              operationsSubject(filter.operationId()),
              operationsStream(),
              start.operationsStartSequence(),
              feed::onOperation);
      JetStreamSubscription enrollments;
      try {
        enrollments =
            subscribe(
                contract.enrollmentSubjects(),
                contract.enrollmentStream(),
                start.enrollmentsStartSequence(),
                feed::onEnrollment);
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        unsubscribe(operations);
        throw e;
      }
      return () -> {
        unsubscribe(operations);
        unsubscribe(enrollments);
      };
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      throw new DependencyUnavailableException("nats", e);
    }
  }

  /** The cursor at the end of both streams: a new client sees what comes after it. */
  private EventCursor now() throws IOException, JetStreamApiException {
    long operations = lastSequence(operationsStream());
    long enrollments = lastSequence(contract.enrollmentStream());
    return new EventCursor(EventCursor.afterOperationsMessage(operations), enrollments);
  }

  private long lastSequence(String stream) throws IOException, JetStreamApiException {
    return management.getStreamInfo(stream).getStreamState().getLastSequence();
  }

  private JetStreamSubscription subscribe(
      String subject, String stream, long startSequence, MessageHandler handler)
      throws IOException, JetStreamApiException {
    PushSubscribeOptions options =
        PushSubscribeOptions.builder().stream(stream)
            .ordered(true)
            .configuration(
                ConsumerConfiguration.builder()
                    .deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(startSequence)
                    .build())
            .build();
    return jetStream.subscribe(subject, dispatcher, handler, false, options);
  }

  private void unsubscribe(JetStreamSubscription subscription) {
    try {
      if (subscription.isActive()) {
        dispatcher.unsubscribe(subscription);
      }
    } catch (IllegalStateException e) {
      // the connection is closing: the server drops the ephemeral consumer itself
    }
  }

  @Override
  public void close() {
    if (connection.getStatus() == Connection.Status.CONNECTED) {
      connection.closeDispatcher(dispatcher);
    }
  }

  /**
   * One client's position in both streams. The shared dispatcher calls it from one thread, but the
   * lock keeps the cursor whole should that ever change.
   */
  private final class ClientFeed {
    private final EventFilter filter;
    private final Predicate<StreamEvent> sink;
    private final long skipThrough;
    private EventCursor cursor;

    /** The next operations message is the followed operation's stored state, replayed. */
    private boolean followsStoredState;

    /**
     * The client wants no more (dropped or stopping): messages until the unsubscribe cost nothing.
     */
    private boolean ended;

    ClientFeed(EventCursor start, EventFilter filter, Predicate<StreamEvent> sink) {
      this.cursor = start;
      this.skipThrough = start.operations();
      this.followsStoredState = start.operations() == 0 && filter.operationId().isPresent();
      this.filter = filter;
      this.sink = sink;
    }

    synchronized void onOperation(Message message) {
      if (ended) {
        return;
      }
      long sequence = message.metaData().streamSequence();
      boolean storedState = followsStoredState;
      followsStoredState = false;
      List<StreamEvent> events =
          translation.operationEvents(message, sequence, cursor, storedState);
      for (StreamEvent event : events) {
        if (event.cursor().operations() <= skipThrough) {
          continue; // sent before the client resumed: the first message may be half sent
        }
        cursor = cursor.withOperations(event.cursor().operations());
        deliver(event.withCursor(cursor));
      }
      // a message without events (a pending state, the other service's) is passed all the same
      cursor =
          cursor.withOperations(
              Math.max(cursor.operations(), EventCursor.afterOperationsMessage(sequence)));
    }

    synchronized void onEnrollment(Message message) {
      if (ended) {
        return;
      }
      long sequence = message.metaData().streamSequence();
      Optional<StreamEvent> event = translation.enrollmentEvent(message, sequence, cursor);
      cursor = cursor.withEnrollments(sequence);
      event.ifPresent(e -> deliver(e.withCursor(cursor)));
    }

    private void deliver(StreamEvent event) {
      if (!ended && filter.accepts(event)) {
        ended = !sink.test(event);
      }
    }
  }
}
