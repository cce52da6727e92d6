package dev.nis.common.events;

import java.util.Optional;
import java.util.Set;

/**
 * What a client asked to see; an empty part lets everything through.
 *
 * @param types event types (any of them); empty for all
 * @param entityId a course or student id the event must concern
 * @param operationId the operation the event must belong to
 */
public record EventFilter(
    Set<String> types, Optional<String> entityId, Optional<String> operationId) {
  public static final EventFilter ALL =
      new EventFilter(Set.of(), Optional.empty(), Optional.empty());

  public EventFilter {
    types = Set.copyOf(types);
  }

  /** Whether the event passes; called for every event and every client, so it allocates nothing. */
  public boolean accepts(StreamEvent event) {
    return (types.isEmpty() || types.contains(event.type()))
        && (entityId.isEmpty() || event.entityIds().contains(entityId.get()))
        && (operationId.isEmpty() || operationId.get().equals(event.operationId()));
  }
}
