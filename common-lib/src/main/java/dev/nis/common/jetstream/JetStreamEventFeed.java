package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.ValidationException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A service's events read from JetStream, never from the apply path, once per replica: one ordered
 * consumer on the operations bucket's stream and one on the enrollment log, both on one NATS
 * dispatcher thread, translate each message once and offer its events to every client of the
 * replica (each client's filter applied there, each client's sink a bounded buffer that never
 * blocks). Ordered consumers are ephemeral and unacknowledged, so the feed holds back no durable
 * consumer that applies commands, and a replica costs the server two consumers however many clients
 * it serves.
 *
 * <p>A client that resumes from a {@code Last-Event-ID} joins the shared feed at once and catches
 * up on what lies between its cursor and the point where it joined ({@link EventCatchUp}, on its
 * own thread); the shared feed's events after that point wait in its buffer meanwhile. What the
 * client already has (a cursor ahead of this replica's feed, written by another replica) is
 * skipped, so it sees each event once.
 */
public final class JetStreamEventFeed implements EventFeed, AutoCloseable {
  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final JetStreamContract contract;
  private final EventTranslation translation;
  private final Dispatcher dispatcher;
  private final List<Client> clients = new CopyOnWriteArrayList<>();

  /** Guards {@link #position} and the start: a client joins between two messages, never within. */
  private final Object lock = new Object();

  /** Where the shared feed stands in both streams: everything up to it has been offered. */
  private EventCursor position;

  private boolean started;

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

  @Override
  public Subscription open(
      Optional<EventCursor> after, EventFilter filter, Predicate<StreamEvent> sink) {
    EventCursor joinedAt;
    Client client;
    try {
      synchronized (lock) {
        start();
        joinedAt = position;
        if (after.isPresent()) {
          refuseAhead(after.get(), joinedAt);
        }
        client = new Client(filter, sink, after.map(a -> max(a, position)).orElse(position));
        clients.add(client);
      }
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      throw new DependencyUnavailableException("nats", e);
    }
    EventCatchUp catchUp =
        new EventCatchUp(management, contract, translation, operationsStream(), filter);
    return new Subscription() {
      @Override
      public void catchUp(Predicate<StreamEvent> write) {
        if (after.isPresent()) {
          catchUp.between(after.get(), joinedAt, write);
        } else if (filter.operationId().isPresent()) {
          // A client follows its operation once it has its id (from the 202), by which time the
          // outcome may be written: the key's stored state, if the shared feed passed it already
          catchUp.storedState(filter.operationId().get(), joinedAt, write);
        }
      }

      @Override
      public void close() {
        clients.remove(client);
      }
    };
  }

  /**
   * A cursor past the streams' last messages was never an id of this stream (a copy of README's
   * example, or an id from before the streams were recreated). Taken as it is, it would hide every
   * event until the streams reached it, a stream that stays silent; so it is refused (400) and the
   * client can reconnect without it. The feed's own position is checked first: a cursor at or
   * before it needs no request to NATS; one past it may come from a replica whose feed is ahead, so
   * only the streams' ends decide.
   *
   * @throws ValidationException naming {@code Last-Event-ID}
   */
  private void refuseAhead(EventCursor after, EventCursor feed)
      throws IOException, JetStreamApiException {
    if (after.operations() <= feed.operations() && after.enrollments() <= feed.enrollments()) {
      return;
    }
    EventCursor end =
        new EventCursor(
            EventCursor.afterOperationsMessage(lastSequence(operationsStream())),
            lastSequence(contract.enrollmentStream()));
    if (after.operations() > end.operations() || after.enrollments() > end.enrollments()) {
      throw new ValidationException(
          EventCursor.LAST_EVENT_ID,
          "is past the end of this stream (its last event is at most "
              + end
              + "): not the id of an event it sent; reconnect without it to start from now");
    }
  }

  private static EventCursor max(EventCursor a, EventCursor b) {
    return new EventCursor(
        Math.max(a.operations(), b.operations()), Math.max(a.enrollments(), b.enrollments()));
  }

  /** Subscribes the shared feed at the end of both streams, once. Called under the lock. */
  private void start() throws IOException, JetStreamApiException {
    if (started) {
      return;
    }
    long operations = lastSequence(operationsStream());
    long enrollments = lastSequence(contract.enrollmentStream());
    position = new EventCursor(EventCursor.afterOperationsMessage(operations), enrollments);
    JetStreamSubscription operationsFeed =
        subscribe(
            "$KV." + contract.operationsBucket() + ".>",
            operationsStream(),
            operations + 1,
            this::onOperation);
    try {
      subscribe(
          contract.enrollmentSubjects(),
          contract.enrollmentStream(),
          enrollments + 1,
          this::onEnrollment);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      dispatcher.unsubscribe(operationsFeed);
      throw e;
    }
    started = true;
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

  private void onOperation(Message message) {
    long sequence = message.metaData().streamSequence();
    synchronized (lock) {
      for (StreamEvent event :
          translation.operationEvents(
              message.getData(), message.getHeaders(), sequence, position, false)) {
        position = position.withOperations(event.cursor().operations());
        offer(event, true);
      }
      // a message without events (a pending state, the other service's) is passed all the same
      position =
          position.withOperations(
              Math.max(position.operations(), EventCursor.afterOperationsMessage(sequence)));
    }
  }

  private void onEnrollment(Message message) {
    long sequence = message.metaData().streamSequence();
    synchronized (lock) {
      Optional<StreamEvent> event =
          translation.enrollmentEvent(message.getData(), message.getHeaders(), sequence, position);
      position = position.withEnrollments(sequence);
      event.ifPresent(e -> offer(e.withCursor(position), false));
    }
  }

  private void offer(StreamEvent event, boolean fromOperations) {
    for (Client client : clients) {
      client.offer(event, fromOperations);
    }
  }

  /** Clients served now (for tests and the gauge's sake; the streams route counts slots). */
  int clients() {
    return clients.size();
  }

  @Override
  public void close() {
    if (connection.getStatus() == Connection.Status.CONNECTED) {
      connection.closeDispatcher(dispatcher);
    }
  }

  /**
   * One client of the shared feed, called on the feed's thread only.
   *
   * @param base what the client has once caught up: its own cursor or the point it joined,
   *     whichever is further in each stream; an event at or before it is not sent again, and each
   *     event's id is never behind it
   */
  private static final class Client {
    private final EventFilter filter;
    private final Predicate<StreamEvent> sink;
    private final EventCursor base;

    /** The client wants no more (dropped or stopping): the events until it leaves cost nothing. */
    private boolean ended;

    Client(EventFilter filter, Predicate<StreamEvent> sink, EventCursor base) {
      this.filter = filter;
      this.sink = sink;
      this.base = base;
    }

    void offer(StreamEvent event, boolean fromOperations) {
      if (ended) {
        return;
      }
      EventCursor at = event.cursor();
      if (fromOperations
          ? at.operations() <= base.operations()
          : at.enrollments() <= base.enrollments()) {
        return;
      }
      if (filter.accepts(event)) {
        // the event itself when its cursor is not behind the base (nearly always), so that its
        // encoded bytes are shared and a delivery allocates nothing
        boolean own =
            at.operations() >= base.operations() && at.enrollments() >= base.enrollments();
        ended = !sink.test(own ? event : event.withCursor(max(base, at)));
      }
    }
  }
}
