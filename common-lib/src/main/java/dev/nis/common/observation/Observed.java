package dev.nis.common.observation;

import dev.nis.common.domain.Command;
import dev.nis.common.domain.EnrollmentChange;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The one observation decorator of every port: wraps an implementation of a port interface so that
 * each call goes through a {@link CallObservation} (metrics and logging), tagged with the port
 * method's name.
 *
 * <p>Why a JDK dynamic proxy rather than a hand-written decorator per port: the observation is the
 * same for every method of every port (time it, log it, tag it with the method's name), so a
 * hand-written class would forward each method of each port of each service by copy. The ports are
 * interfaces, which is all {@link Proxy} needs; no bytecode library is involved.
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
          return observation.observe(
              method.getName(), detail, !detail.isEmpty(), () -> invoke(next, method, args));
        };
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method, e);
    }
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
