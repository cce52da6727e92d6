package dev.nis.common.testing;

import dev.nis.common.domain.Command;

/**
 * A service's in-memory fake of its inbound ports (queries and command submission), as the shared
 * HTTP and gRPC scenarios see it: its entities, the commands it accepted, and a switch that makes
 * the other service unreachable for the related read.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <C> the service's command type
 */
public interface ServiceFake<E, I extends Comparable<I>, C extends Command<I>> {
  InMemoryEntities<E, I, ?> entities();

  AcceptedCommands<I, C> commands();

  /** Makes the related read fail as if the other service were unreachable. */
  void peerServiceDown();
}
