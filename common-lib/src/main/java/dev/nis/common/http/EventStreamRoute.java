package dev.nis.common.http;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventFeed;
import dev.nis.common.events.EventFilter;
import dev.nis.common.events.EventStreamSettings;
import dev.nis.common.events.EventTypes;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/<service>/events}: the service's events as Server-Sent Events ({@link
 * SseEventStream}), README.md "The event stream".
 *
 * <ul>
 *   <li>{@code ?type=a,b} (or repeated): only these types; {@code ?entity_id=}: only events about
 *       this course or student; {@code ?operation_id=}: only this operation's events. An unknown
 *       type or a malformed id is a 400 problem naming the parameter.
 *   <li>{@code Last-Event-ID}: resume after that event (a malformed one is a 400).
 *   <li>At most {@link EventStreamSettings#maxStreams()} streams per replica; one more probes the
 *       open ones for clients that went away, then takes a slot a probe freed or is a 503 problem
 *       with {@code Retry-After}.
 * </ul>
 */
public final class EventStreamRoute implements RouteHandler {
  public static final String EVENT_STREAM = "text/event-stream";
  static final String RETRY_AFTER_SECONDS = "5";

  /**
   * How long a request that finds every slot taken waits for a probe of the open streams to free
   * one: the writers' linger, then a probe's two writes ({@link SseEventStream#PROBE_GAP} apart).
   */
  static final Duration PROBE_WAIT = Duration.ofMillis(500);

  /**
   * The least time between two probes: a crowd of clients at a full replica probes its streams once
   * a second, not once per request.
   */
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  private final EventFeed feed;
  private final Set<String> types;
  private final EventStreamSettings settings;
  private final Semaphore slots;
  private final Set<SseEventStream> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastProbe = new AtomicLong(System.nanoTime() - PROBE_INTERVAL.toNanos());
  private final JsonCodec json = JsonCodec.standard();

  /**
   * @param entity {@code course} or {@code student}: whose stream this is ({@link EventTypes#of})
   */
  public EventStreamRoute(EventFeed feed, String entity, EventStreamSettings settings) {
    this.feed = feed;
    this.types = EventTypes.of(entity);
    this.settings = settings;
    this.slots = new Semaphore(settings.maxStreams());
  }

  @Override
  public Response handle(Request request) {
    EventFilter filter = filter(request);
    Optional<EventCursor> after = request.header(EventCursor.LAST_EVENT_ID).map(EventCursor::parse);
    if (!slots.tryAcquire() && !slotFreedByProbe()) {
      throw new ProblemException(
          Problem.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              "this replica serves its most event streams ("
                  + settings.maxStreams()
                  + "); retry later"),
          Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
    SseEventStream stream =
        new SseEventStream(
            feed,
            after,
            filter,
            settings.heartbeat(),
            settings.writeTimeout(),
            settings.linger(),
            settings.buffer(),
            json,
            this::closed);
    open.add(stream);
    try {
      stream.subscribe();
    } catch (RuntimeException e) {
      stream.close(); // gives the slot back; the failure is answered as a problem (503)
      throw e;
    }
    return Response.streamed(
        HttpStatus.OK,
        Map.of(
            "Content-Type", EVENT_STREAM,
            "Cache-Control", "no-cache",
            // nginx-style proxies: send each event as it comes, do not buffer the stream
            "X-Accel-Buffering", "no"),
        stream);
  }

  private void closed(SseEventStream stream) {
    open.remove(stream);
    slots.release();
  }

  /**
   * Every slot is taken, perhaps by clients that went away: this server learns that a client left
   * only when a write to it fails, which without events takes up to two heartbeats (README.md, "The
   * event stream"). So a request that finds no slot probes every open stream (at most once per
   * {@link #PROBE_INTERVAL}; a request during a probe joins it) and waits up to {@link #PROBE_WAIT}
   * for a slot that a probe frees.
   *
   * @return whether this request got a slot
   */
  private boolean slotFreedByProbe() {
    long now = System.nanoTime();
    long last = lastProbe.get();
    if (now - last >= PROBE_INTERVAL.toNanos() && lastProbe.compareAndSet(last, now)) {
      open.forEach(SseEventStream::probe);
      last = now;
    }
    long wait = last + PROBE_WAIT.toNanos() - now;
    if (wait <= 0) {
      return false; // the last probe is over and freed no slot for this request
    }
    try {
      return slots.tryAcquire(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Streams open on this replica now. */
  public int openStreams() {
    return settings.maxStreams() - slots.availablePermits();
  }

  private EventFilter filter(Request request) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String value : request.queries("type")) {
      for (String type : value.split(",", -1)) {
        String trimmed = type.trim();
        if (!types.contains(trimmed)) {
          throw new ValidationException("type", "must be one of " + String.join(", ", types));
        }
        wanted.add(trimmed);
      }
    }
    Optional<String> entityId = request.query("entity_id").map(EventStreamRoute::entityId);
    Optional<String> operationId =
        request.query("operation_id").map(id -> OperationId.parse(id).toString());
    return new EventFilter(wanted, entityId, operationId);
  }

  /** A course id (24 hex digits) or a student id (a UUID), normalised to lower case. */
  private static String entityId(String text) {
    try {
      return CourseId.parse("entity_id", text).toString();
    } catch (ValidationException notACourse) {
      try {
        return StudentId.parse("entity_id", text).toString();
      } catch (ValidationException notAStudent) {
        throw new ValidationException(
            "entity_id", "must be a course id (24 hex digits) or a student id (UUID)");
      }
    }
  }
}
