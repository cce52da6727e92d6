package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventTypes;
import dev.nis.common.events.StreamEvent;
import io.nats.client.impl.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns the messages of the operations bucket and the enrollment log into one service's events.
 *
 * <p>The operations bucket holds both services' operations; one belongs to this service when its
 * entity id is one of this service's ids ({@code ownsEntity}: a course id is 24 hex digits, a
 * student id a UUID, so the shapes never overlap). Pending states are not events; an applied
 * create, update or delete is an {@code operation.applied} followed by the entity's change. The
 * enrollment log is shared, so both services' streams carry it.
 *
 * @param entity {@code course} or {@code student}: the prefix of the entity change types
 * @param ownsEntity whether an operation's entity id is this service's
 */
record EventTranslation(String entity, Predicate<String> ownsEntity) {
  /** The header the KV store sets on a delete or purge of a key (a tombstone, no value). */
  private static final String KV_OPERATION = "KV-Operation";

  /**
   * The events of the operations message at {@code sequence}, in order (parts 0 and 1): an outcome
   * is {@code operation.applied|rejected} and the entity change it made; an enrollment side's
   * verdict is {@code operation.settled} when it decided the last pending enrollment, nothing
   * otherwise.
   *
   * @param storedState the message is the key's stored state, replayed for a client that follows
   *     one operation from now: it reports the outcome whoever wrote it last, and {@code
   *     operation.settled} (part 1) when settled
   */
  List<StreamEvent> operationEvents(
      byte[] body, Headers headers, long sequence, EventCursor before, boolean storedState) {
    if (body == null || body.length == 0 || header(headers, KV_OPERATION).isPresent()) {
      return List.of();
    }
    Operation operation;
    boolean verdictUpdate;
    try {
      operation = OperationCodec.decode(body);
      verdictUpdate = OperationCodec.isVerdictUpdate(body);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return List.of(); // not an outcome this version writes; the service's own reads skip it too
    }
    if (!operation.state().isFinal() || !ownsEntity.test(operation.entityId())) {
      return List.of();
    }
    Optional<String> requestId = header(headers, MessageDisposition.REQUEST_ID_HEADER);
    Map<String, Object> outcome = outcome(operation, requestId);
    if (verdictUpdate && !storedState) {
      return operation.settled()
          ? List.of(event(EventTypes.SETTLED, before, sequence, 0, operation, outcome))
          : List.of();
    }
    List<StreamEvent> events = new ArrayList<>(EventCursor.PARTS);
    String type =
        operation.state() == Operation.State.APPLIED ? EventTypes.APPLIED : EventTypes.REJECTED;
    events.add(event(type, before, sequence, 0, operation, outcome));
    if (verdictUpdate) {
      if (operation.settled()) {
        events.add(event(EventTypes.SETTLED, before, sequence, 1, operation, outcome));
      }
      return events;
    }
    changeType(operation)
        .ifPresent(
            change -> {
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("id", operation.entityId());
              data.put("operation_id", operation.id().toString());
              data.put("at", outcome.get("at"));
              requestId.ifPresent(id -> data.put("request_id", id));
              events.add(event(change, before, sequence, 1, operation, data));
            });
    return events;
  }

  /** The data of an operation's outcome event: the operation as {@code GET} reads it. */
  private static Map<String, Object> outcome(Operation operation, Optional<String> requestId) {
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("operation_id", operation.id().toString());
    outcome.put("status", operation.state().wireName());
    outcome.put("action", operation.action().wireName());
    outcome.put("entity_id", operation.entityId());
    operation
        .rejection()
        .ifPresent(
            r -> {
              Map<String, Object> problem = new LinkedHashMap<>();
              problem.put("type", "about:blank");
              problem.put("title", r.kind().title());
              problem.put("status", r.kind().status());
              problem.put("detail", r.detail());
              outcome.put("problem", problem);
            });
    if (!operation.enrollments().isEmpty()) {
      outcome.put("enrollments", enrollments(operation.enrollments()));
    }
    outcome.put("at", operation.updatedAt().toString());
    requestId.ifPresent(id -> outcome.put("request_id", id));
    return outcome;
  }

  private static List<Map<String, Object>> enrollments(List<EnrollmentOutcome> outcomes) {
    List<Map<String, Object>> list = new ArrayList<>(outcomes.size());
    for (EnrollmentOutcome e : outcomes) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("course_id", e.courseId());
      item.put("student_id", e.studentId());
      item.put("change", e.kind().wireName());
      item.put("status", e.status().wireName());
      if (e.status() == EnrollmentOutcome.Status.COMPENSATED) {
        item.put("reason", e.reason());
      }
      list.add(item);
    }
    return list;
  }

  private static StreamEvent event(
      String type,
      EventCursor before,
      long sequence,
      int part,
      Operation operation,
      Map<String, Object> data) {
    return new StreamEvent(
        type,
        before.withOperations(EventCursor.operationsPosition(sequence, part)),
        operation.id().toString(),
        List.of(operation.entityId()),
        data);
  }

  /** The entity change an applied operation made; enrollments come from the log instead. */
  private Optional<String> changeType(Operation operation) {
    if (operation.state() != Operation.State.APPLIED) {
      return Optional.empty();
    }
    return switch (operation.action()) {
      case CREATE -> Optional.of(EventTypes.created(entity));
      case UPDATE -> Optional.of(EventTypes.updated(entity));
      case DELETE -> Optional.of(EventTypes.deleted(entity));
      case ENROLL, UNENROLL -> Optional.empty();
    };
  }

  /** The event of the enrollment log entry at {@code sequence}, if it is one this version reads. */
  Optional<StreamEvent> enrollmentEvent(
      byte[] body, Headers headers, long sequence, EventCursor before) {
    EnrollmentChange change;
    try {
      change = JetStreamEnrollmentLog.decode(body);
    } catch (RuntimeException e) {
      return Optional.empty(); // poison: the appliers dead-letter it, a stream just skips it
    }
    boolean compensation = change.operationId().isEmpty() && !change.reason().isEmpty();
    String type =
        change.kind() == EnrollmentChange.Kind.ADD
            ? EventTypes.ENROLLMENT_ADDED
            : compensation ? EventTypes.ENROLLMENT_COMPENSATED : EventTypes.ENROLLMENT_REMOVED;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("course_id", change.courseId());
    data.put("student_id", change.studentId());
    data.put("operation_id", change.operationId().isEmpty() ? null : change.operationId());
    if (compensation) {
      data.put("reason", change.reason());
      if (!change.compensatedOperationId().isEmpty()) {
        data.put("compensated_operation_id", change.compensatedOperationId());
      }
    }
    // the reconciliation's entries carry an empty one (its runs have no request): left out, as
    // the table of README.md, "Following changes live", says (found by a fresh helper)
    header(headers, MessageDisposition.REQUEST_ID_HEADER)
        .filter(requestId -> !requestId.isEmpty())
        .ifPresent(requestId -> data.put("request_id", requestId));
    return Optional.of(
        new StreamEvent(
            type,
            before.withEnrollments(sequence),
            // a client following an operation sees the compensations of its enrollments too
            compensation ? change.compensatedOperationId() : change.operationId(),
            List.of(change.courseId(), change.studentId()),
            data));
  }

  private static Optional<String> header(Headers headers, String name) {
    return headers == null ? Optional.empty() : Optional.ofNullable(headers.getFirst(name));
  }
}
