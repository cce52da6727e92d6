package dev.nis.common.application;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The JDK dynamic proxy that the generic decorators of a port ({@link CachedQueries}, {@code
 * Observed}) are built on: a port is an interface, which is all {@link Proxy} needs.
 */
public final class PortProxy {
  private PortProxy() {}

  /** An implementation of {@code port} whose every call goes to {@code handler}. */
  public static <P> P of(Class<P> port, InvocationHandler handler) {
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  /**
   * Calls {@code method} on the decorated implementation, rethrowing what it throws as it is (not
   * wrapped in {@link InvocationTargetException}), so that decorators stay transparent.
   */
  public static Object call(Object target, Method method, Object... args) {
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
}
