package dev.nis.common.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Views a service's port (e.g. its repository) through a shared test interface such as {@link
 * GuardedStore}, so that the shared contracts can drive it without an adapter class per service:
 * each call goes to the target's public method of the same name and number of parameters, or of the
 * name given in {@code renames} ({@code "findHolding=findByStudent, add=addStudent"}). A missing
 * method fails the first call that needs it; what the target throws is thrown as is. A status of
 * another enum is passed as the view's constant of that name (see {@link #asReturned}).
 */
public final class PortView {
  private PortView() {}

  public static <T> T of(Class<T> view, Object target, String renames) {
    Map<String, String> names = new HashMap<>();
    for (String rename : renames.split(",")) {
      if (!rename.isBlank()) {
        String[] pair = rename.trim().split("=");
        names.put(pair[0].trim(), pair[1].trim());
      }
    }
    Object proxy =
        Proxy.newProxyInstance(
            view.getClassLoader(),
            new Class<?>[] {view},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
              }
              String name = names.getOrDefault(method.getName(), method.getName());
              try {
                Object result = find(target, name, method.getParameterCount()).invoke(target, args);
                return asReturned(method.getReturnType(), result);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return view.cast(proxy);
  }

  /**
   * A status of another enum becomes the view's constant of the same name, or its one constant that
   * ends in {@code _} and that name ({@code FULL} becomes {@code COURSE_FULL}).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object asReturned(Class<?> type, Object result) {
    if (!type.isEnum() || !(result instanceof Enum<?> status) || type.isInstance(result)) {
      return result;
    }
    return Arrays.stream(type.getEnumConstants())
        .map(constant -> (Enum) constant)
        .filter(c -> c.name().equals(status.name()) || c.name().endsWith("_" + status.name()))
        .reduce((one, other) -> one.name().equals(status.name()) ? one : other)
        .orElseThrow(() -> new IllegalArgumentException(type + " has no " + status.name()));
  }

  private static Method find(Object target, String name, int parameters) {
    return Arrays.stream(target.getClass().getMethods())
        .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters)
        .filter(m -> !m.isBridge())
        .filter(Method::trySetAccessible)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    target.getClass().getSimpleName() + " has no " + name + "/" + parameters));
  }
}
