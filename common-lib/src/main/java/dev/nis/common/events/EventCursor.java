package dev.nis.common.events;

import dev.nis.common.domain.ValidationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a client stands in the two streams an event stream follows: the operations bucket's stream
 * (operation outcomes and the entity changes derived from them) and the enrollment log. It is the
 * {@code id:} of every event and what {@code Last-Event-ID} sends back, written {@code
 * <operations>.<enrollments>} and opaque to clients.
 *
 * <p>One operations message can carry two events (e.g. {@code operation.applied} and {@code
 * course.created}), so the operations position counts events, not messages: {@code sequence * 2 +
 * part}. Everything at or before a cursor has been sent (or filtered out), on each stream
 * separately, so resuming after it repeats nothing and misses nothing.
 *
 * @param operations {@code sequence * 2 + part} of the last operations event, 0 for none
 * @param enrollments the stream sequence of the last enrollment log entry, 0 for none
 */
public record EventCursor(long operations, long enrollments) {
  /** The header a reconnecting {@code EventSource} sends (WHATWG HTML, server-sent events). */
  public static final String LAST_EVENT_ID = "Last-Event-ID";

  /** Events per operations message at most: the outcome and the entity change it made. */
  public static final int PARTS = 2;

  private static final Pattern FORM = Pattern.compile("(\\d{1,18})\\.(\\d{1,18})");

  public EventCursor {
    if (operations < 0 || enrollments < 0) {
      throw new IllegalArgumentException("cursor positions are not negative");
    }
  }

  /** The cursor after every event of the operations message at {@code sequence}, all its parts. */
  public static long afterOperationsMessage(long sequence) {
    return sequence * PARTS + (PARTS - 1);
  }

  /** The position of event {@code part} (from 0) of the operations message at {@code sequence}. */
  public static long operationsPosition(long sequence, int part) {
    return sequence * PARTS + part;
  }

  /**
   * Parses a cursor a client sent back.
   *
   * @throws ValidationException naming {@link #LAST_EVENT_ID} when it is not one this server wrote
   */
  public static EventCursor parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new ValidationException(
          LAST_EVENT_ID,
          "must be the id of an event of this stream: two numbers of 1 to 18 digits joined by a"
              + " dot");
    }
    return new EventCursor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  /** The first operations message that may still hold an event after this cursor. */
  public long operationsStartSequence() {
    return Math.max(1, operations / PARTS);
  }

  /** The first enrollment log entry after this cursor. */
  public long enrollmentsStartSequence() {
    return enrollments + 1;
  }

  public EventCursor withOperations(long position) {
    return new EventCursor(position, enrollments);
  }

  public EventCursor withEnrollments(long sequence) {
    return new EventCursor(operations, sequence);
  }

  @Override
  public String toString() {
    return operations + "." + enrollments;
  }
}
