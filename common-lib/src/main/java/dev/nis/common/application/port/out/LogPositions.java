package dev.nis.common.application.port.out;

import java.util.OptionalLong;

/**
 * Where both services stand in the enrollment log, per (course, student) pair's partition: the
 * reconciliation asks it whether a pair's disagreement may still be an entry in flight (applied by
 * one side, not yet by the other). Infrastructure failures throw {@link
 * dev.nis.common.application.DependencyUnavailableException}.
 */
public interface LogPositions {
  /**
   * The position of the pair's partition (the stream sequence of its last entry, 0 when it has
   * none) when both services have applied every entry of it, so that each side's half of the pair
   * is the result of the same entries; empty while either side still has entries of it to apply.
   */
  OptionalLong settled(String courseId, String studentId);
}
