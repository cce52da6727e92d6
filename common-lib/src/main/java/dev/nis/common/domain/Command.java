package dev.nis.common.domain;

/**
 * A queued change to one entity, as the command pipeline sees it: which operation it is, which
 * entity it changes, and what it does to it. Each service's sealed command type (e.g. {@code
 * CourseCommand}) implements it; the pipeline is generic over it.
 *
 * @param <I> the entity's id type ({@link CourseId} or {@link StudentId})
 */
public interface Command<I> {
  OperationId operationId();

  /** The entity the command changes; commands of one entity are applied in stream order. */
  I entityId();

  Action action();
}
