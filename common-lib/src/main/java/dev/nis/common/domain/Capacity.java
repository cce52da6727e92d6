package dev.nis.common.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A cap on one side of the enrollment relation (the original's validation: a course holds at most
 * 60 students, a student at most 15 courses). Each service names its own in its domain ({@code
 * CourseCapacity}, {@code StudentCapacity}); every place that enforces the cap reads it from there:
 * the fields' validation, the refusal at accept time, the repository's atomic guard and the
 * compensation of an ADD that finds the holder full.
 *
 * @param holder what holds the members, e.g. {@code course}
 * @param max the most members it may hold
 * @param members what the members are, e.g. {@code students}
 */
public record Capacity(String holder, int max, String members) {
  /** Whether {@code joining} cannot join: the holder is full and does not hold it already. */
  public boolean isFull(List<?> current, Object joining) {
    return current.size() >= max && !current.contains(joining);
  }

  /** The 409 of an enrollment refused at once because the holder is visibly full. */
  public Rejection refusal(Object holderId) {
    return Rejection.conflict(holder + " " + holderId + " already has " + max + " " + members);
  }

  /** Why an ADD that found the holder full is compensated (the REMOVE's reason). */
  public String compensationReason(Object holderId) {
    return holder + " " + holderId + " has " + max + " " + members;
  }

  /**
   * The member ids a client gave in the list named {@code field}, as an entity keeps them: none
   * when absent, each once in the order given, at most {@link #max}; a null entry, or a list of
   * more than {@link #max} entries (repeats included: the documents' {@code maxItems}, which a
   * client may validate against, counts entries), is a {@link ValidationException} naming the field
   * (400).
   */
  public <T> List<T> members(String field, List<T> given) {
    if (given == null) {
      return List.of();
    }
    if (given.stream().anyMatch(Objects::isNull)) {
      throw new ValidationException(field, "must not hold null");
    }
    if (given.size() > max) {
      throw new ValidationException(
          field, "must hold at most " + max + " " + members + ", got " + given.size());
    }
    return List.copyOf(new LinkedHashSet<>(given));
  }
}
