package dev.nis.common.domain;

/**
 * The answer to a mutation request: queued, or refused before anything was queued (I5). A value,
 * not an exception; the HTTP adapter maps a refusal to its problem.
 *
 * @param <I> the entity's id type
 */
public sealed interface AcceptResult<I> {
  /** Queued: the operation reads {@code pending} until its command is applied. */
  record Accepted<I>(OperationId operationId, I entityId) implements AcceptResult<I> {}

  /** Refused at once (404, 409): nothing was recorded or queued. */
  record Refused<I>(Rejection rejection) implements AcceptResult<I> {}
}
