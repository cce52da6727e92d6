package dev.nis.common.application.port.in;

import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.EnrollmentChange;

/**
 * The apply side of a service, called by its queue consumers only (through {@link
 * dev.nis.common.application.CommandApplier} and {@link
 * dev.nis.common.application.EnrollmentApplier}). Both methods are idempotent (I4).
 *
 * @param <C> the service's command type
 * @param <I> its entity's id type
 * @param <O> the id type of the other side of the relation
 */
public interface CommandApplication<C, I, O> {
  /**
   * Applies a queued command to the store. {@code sequence} is the command's position in its
   * stream; a command whose sequence the entity has already seen changes nothing.
   */
  ApplyResult<I, O> apply(C command, long sequence);

  /**
   * Applies one entry of the enrollment log to this side, and appends the compensating REMOVE when
   * this side cannot honour an ADD (entity missing, cap reached: I2). Applying the same entry again
   * in its place (a redelivery before any later entry of its pair) changes nothing; {@code
   * logSequence} names the compensation it may append.
   */
  ApplyResult<I, O> applyEnrollment(EnrollmentChange change, long logSequence);
}
