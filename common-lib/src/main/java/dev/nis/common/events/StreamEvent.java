package dev.nis.common.events;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One event of the stream a client follows.
 *
 * @param type e.g. {@code operation.applied}, {@code course.created}, {@code enrollment.added}
 * @param cursor the event's {@code id:}, which resumes the stream after it
 * @param operationId the operation it belongs to; for a compensation, the operation whose ADD it
 *     undoes (empty when that had none)
 * @param entityIds the ids an entity filter matches (a course, a student, or both)
 * @param data the JSON members of its {@code data:} line, in order
 * @param encoded the bytes a transport derives from the type and data, made once and shared by
 *     every copy of the event ({@link #withCursor}), however many clients it goes to
 */
public record StreamEvent(
    String type,
    EventCursor cursor,
    String operationId,
    List<String> entityIds,
    Map<String, Object> data,
    Encoded encoded) {
  public StreamEvent {
    entityIds = List.copyOf(entityIds);
  }

  /** A new event, not encoded yet. */
  public StreamEvent(
      String type,
      EventCursor cursor,
      String operationId,
      List<String> entityIds,
      Map<String, Object> data) {
    this(type, cursor, operationId, entityIds, data, new Encoded());
  }

  /** The same event at another position (the client's cursor in both streams). */
  public StreamEvent withCursor(EventCursor at) {
    return new StreamEvent(type, at, operationId, entityIds, data, encoded);
  }

  /**
   * A cache of the event's encoded form, not part of its value (every two are equal): one replica
   * sends an event to each of its clients, and encoding it once per client was a third of the cost
   * of a stream. It keeps the bytes made for one cursor, the one nearly every client gets (a client
   * that resumed ahead of the replica's feed gets its own cursor, and its own bytes).
   */
  public static final class Encoded {
    private record Made(EventCursor cursor, byte[] bytes) {}

    private volatile Made made;

    /**
     * The bytes of the event at {@code cursor}, made by {@code encode} unless made for that cursor
     * before; two callers racing may both encode, and get equal bytes (one encoder per transport).
     */
    public byte[] at(EventCursor cursor, Function<EventCursor, byte[]> encode) {
      Made cached = made;
      if (cached != null && (cached.cursor() == cursor || cached.cursor().equals(cursor))) {
        return cached.bytes();
      }
      byte[] bytes = encode.apply(cursor);
      if (cached == null) {
        made = new Made(cursor, bytes);
      }
      return bytes;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Encoded;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
