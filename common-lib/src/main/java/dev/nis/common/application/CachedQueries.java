package dev.nis.common.application;

import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The caching decorator of a queries port: each method marked {@link CachedView} is served
 * cache-aside through {@link CacheAside}; the others go straight to the core. Invalidation is not
 * here: it happens where a change is applied ({@link CommandApplier}, {@link EnrollmentApplier}).
 *
 * <p>Why a JDK dynamic proxy over annotated methods (as Spring's {@code @Cacheable} does) rather
 * than a hand-written decorator per service: the cache-aside logic is the same for every view of
 * both services, so a hand-written class would repeat it method by method; the annotation on the
 * port says which read is cached where a reader looks for it.
 */
public final class CachedQueries {
  private CachedQueries() {}

  /**
   * Wraps {@code core}, an implementation of the queries port {@code port}.
   *
   * @throws IllegalArgumentException when a marked method does not have its view's shape
   */
  public static <P, E, I, O> P port(Class<P> port, P core, ReadCache<E, I, O> cache) {
    // the views are read once here, not on every call of the read path
    Map<Method, CachedView.View> views = new HashMap<>();
    for (Method method : port.getMethods()) {
      CachedView view = method.getAnnotation(CachedView.class);
      if (view != null && method.getParameterCount() != 1) {
        throw new IllegalArgumentException(method + " is cached by one argument, it takes more");
      }
      if (view != null) {
        views.put(method, view.value());
      }
    }
    CacheAside<E, I, O> aside = new CacheAside<>(cache);
    InvocationHandler handler =
        (proxy, method, args) -> {
          CachedView.View view = views.get(method);
          if (view == null) {
            return PortProxy.call(core, method, args);
          }
          return read(aside, view, method, core, args[0]);
        };
    return PortProxy.of(port, handler);
  }

  @SuppressWarnings("unchecked")
  private static <E, I, O> Object read(
      CacheAside<E, I, O> aside, CachedView.View view, Method method, Object core, Object arg) {
    return switch (view) {
      case BY_ID -> aside.byId((I) arg, id -> (Optional<E>) PortProxy.call(core, method, id));
      case PAGE ->
          aside.page((PageRequest) arg, page -> (Page<E>) PortProxy.call(core, method, page));
      case RELATED ->
          aside.related((O) arg, other -> (List<E>) PortProxy.call(core, method, other));
    };
  }
}
