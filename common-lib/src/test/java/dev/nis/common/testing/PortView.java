package dev.nis.common.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Views a service's core through the shared test interface of {@code CoreServiceContract}, so that
 * the shared scenarios can drive both services' ports, whose methods name their entity ({@code
 * getCourse}, {@code getStudent}), without an adapter class per service: each call goes to the
 * target's public method of the same name and number of parameters, or of the name given in {@code
 * renames} ({@code "get=getCourse, list=listCourses"}). A missing method fails the first call that
 * needs it; what the target throws is thrown as is.
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
                return find(target, name, method.getParameterCount()).invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return view.cast(proxy);
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
