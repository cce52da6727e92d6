package dev.nis.common.observation;

import dev.nis.common.application.PortProxy;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.EnrollmentChange;
import java.lang.reflect.InvocationHandler;
import java.util.concurrent.CompletionStage;

/**
 * The one observation decorator of every port: wraps an implementation of a port interface so that
 * each call goes through a {@link CallObservation} (metrics and logging), tagged with the port
 * method's name. A call that answers a {@link CompletionStage} is observed until the stage
 * completes.
 *
 * <p>Why a JDK dynamic proxy ({@link PortProxy}) rather than a hand-written decorator per port: the
 * observation is the same for every method of every port (time it, log it, tag it with the method's
 * name), so a hand-written class would forward each method of each port of each service by copy.
 */
public final class Observed {
  private Observed() {}

  /**
   * Wraps {@code next}, an implementation of {@code port}. A call whose first argument is a command
   * or an enrollment-log entry changes state and is logged at info with its action; any other call
   * reads and is logged at debug.
   */
  public static <P> P port(Class<P> port, P next, CallObservation observation) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(next, args);
          }
          String detail = detail(args);
          if (method.getReturnType() == CompletionStage.class) {
            return observation.observeAsync(
                method.getName(),
                detail,
                !detail.isEmpty(),
                () -> (CompletionStage<?>) PortProxy.call(next, method, args));
          }
          return observation.observe(
              method.getName(),
              detail,
              !detail.isEmpty(),
              () -> PortProxy.call(next, method, args));
        };
    return PortProxy.of(port, handler);
  }

  private static String detail(Object[] args) {
    Object first = args == null || args.length == 0 ? null : args[0];
    return switch (first) {
      case Command<?> command -> " " + command.action().wireName();
      case EnrollmentChange change -> " " + change.kind();
      case null, default -> "";
    };
  }
}
