package dev.nis.common.jetstream;

import dev.nis.common.application.port.out.CommandQueue;
import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.application.port.out.IdempotencyStore;
import dev.nis.common.application.port.out.OperationLog;

/**
 * One service's side of JetStream, as its core sees it: its command queue, the operation log, the
 * enrollment log and its idempotency keys, all under one {@link JetStreamContract}.
 *
 * @param <C> the service's command type
 */
public record CommandStreams<C>(
    JetStreamContract contract,
    CommandQueue<C> commands,
    OperationLog operations,
    EnrollmentLog enrollments,
    IdempotencyStore idempotency) {}
