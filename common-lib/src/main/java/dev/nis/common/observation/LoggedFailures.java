package dev.nis.common.observation;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The failures a port call's observation has logged already ({@link CallObservation}), so that the
 * transport mapping the same failure to its answer (a problem, a gRPC status) does not log it a
 * second time: one failed request, one line (README.md, "Logs"). Both lines were written before,
 * e.g. "accept failed: nats is unavailable" and "answering 503: nats is unavailable" for each
 * mutation while NATS was down (found by a fresh helper). A failure that never went through a port
 * call (a request's body unreadable, the event stream's feed) is still logged by the transport.
 *
 * <p>Held weakly and by identity ({@link Throwable} keeps {@link Object}'s equality), so a marked
 * failure costs nothing once its request is answered; failures are few, so one lock is enough.
 */
public final class LoggedFailures {
  private static final Set<Throwable> LOGGED =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private LoggedFailures() {}

  /** Marks {@code failure} as logged with its context. */
  static void mark(Throwable failure) {
    LOGGED.add(failure);
  }

  /** Whether {@code failure} was logged by the observation of the port call that threw it. */
  public static boolean logged(Throwable failure) {
    return LOGGED.contains(failure);
  }
}
