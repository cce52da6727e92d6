package dev.nis.common.events;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The event types of one service's stream: the outcomes of its operations, the changes to its
 * entities, and the shared enrollment log.
 */
public final class EventTypes {
  public static final String APPLIED = "operation.applied";
  public static final String REJECTED = "operation.rejected";

  /**
   * An applied operation's last pending enrollment was decided: data lists each one, kept or
   * compensated with the reason.
   */
  public static final String SETTLED = "operation.settled";

  public static final String ENROLLMENT_ADDED = "enrollment.added";
  public static final String ENROLLMENT_REMOVED = "enrollment.removed";

  /** A REMOVE that a side appended because it could not honour an ADD; data gives the reason. */
  public static final String ENROLLMENT_COMPENSATED = "enrollment.compensated";

  /** The last event of a stream the server ends (a client too slow, the server stopping). */
  public static final String STREAM_CLOSED = "stream.closed";

  private EventTypes() {}

  /**
   * Every type a client of {@code entity}'s ({@code course}, {@code student}) stream can filter.
   */
  public static SortedSet<String> of(String entity) {
    SortedSet<String> types = new TreeSet<>();
    types.addAll(List.of(APPLIED, REJECTED, SETTLED));
    types.addAll(List.of(created(entity), updated(entity), deleted(entity)));
    types.addAll(List.of(ENROLLMENT_ADDED, ENROLLMENT_REMOVED, ENROLLMENT_COMPENSATED));
    return Collections.unmodifiableSortedSet(types);
  }

  public static String created(String entity) {
    return entity + ".created";
  }

  public static String updated(String entity) {
    return entity + ".updated";
  }

  public static String deleted(String entity) {
    return entity + ".deleted";
  }
}
