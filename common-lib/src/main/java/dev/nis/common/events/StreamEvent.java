package dev.nis.common.events;

import java.util.List;
import java.util.Map;

/**
 * One event of the stream a client follows.
 *
 * @param type e.g. {@code operation.applied}, {@code course.created}, {@code enrollment.added}
 * @param cursor the event's {@code id:}, which resumes the stream after it
 * @param operationId the operation it belongs to; for a compensation, the operation whose ADD it
 *     undoes (empty when that had none)
 * @param entityIds the ids an entity filter matches (a course, a student, or both)
 * @param data the JSON members of its {@code data:} line, in order
 */
public record StreamEvent(
    String type,
    EventCursor cursor,
    String operationId,
    List<String> entityIds,
    Map<String, Object> data) {
  public StreamEvent {
    entityIds = List.copyOf(entityIds);
  }

  /** The same event at another position (the client's cursor in both streams). */
  public StreamEvent withCursor(EventCursor at) {
    return new StreamEvent(type, at, operationId, entityIds, data);
  }
}
