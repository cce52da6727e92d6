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
import java.util.concurrent.CompletionStage;

/**
 * The caching decorator of a queries port: each method marked {@link CachedView} is served
 * cache-aside through {@link CacheAside}; the others go straight to the core. Invalidation is not
 * here: it happens where a change is applied ({@link CommandApplier}, {@link EnrollmentApplier}).
 *
 * <p>A marked method takes the view's one argument and answers the value ({@code Optional<E>
 * getCourse(CourseId)}), or takes it and a {@link WireFormat} and answers a stage of an {@link
 * Answer} of the same value ({@code CompletionStage<Optional<Answer<E>>> getCourse(CourseId,
 * WireFormat)}): the form for a transport that sends a cache hit as the stored bytes, and that may
 * not wait for the cache. The second is loaded through the first, so the port declares both, the
 * first marked alike.
 *
 * <p>Why a JDK dynamic proxy over annotated methods (as Spring's {@code @Cacheable} does) rather
 * than a hand-written decorator per service: the cache-aside logic is the same for every view of
 * both services, so a hand-written class would repeat it method by method; the annotation on the
 * port says which read is cached where a reader looks for it.
 */
public final class CachedQueries {
  private CachedQueries() {}

  /**
   * A marked method: its view, and the port's method that loads the value (itself, or the read of
   * the value that an answer is the form of).
   */
  private record Cached(CachedView.View view, Method load, boolean answer) {}

  /**
   * Wraps {@code core}, an implementation of the queries port {@code port}.
   *
   * @throws IllegalArgumentException when a marked method does not have its view's shape
   */
  public static <P, E, I, O> P port(Class<P> port, P core, ReadCache<E, I, O> cache) {
    // the views are read once here, not on every call of the read path
    Map<Method, Cached> views = new HashMap<>();
    for (Method method : port.getMethods()) {
      CachedView view = method.getAnnotation(CachedView.class);
      if (view != null) {
        views.put(method, cached(port, method, view.value()));
      }
    }
    CacheAside<E, I, O> aside = new CacheAside<>(cache);
    InvocationHandler handler =
        (proxy, method, args) -> {
          Cached cached = views.get(method);
          if (cached == null) {
            return PortProxy.call(core, method, args);
          }
          return cached.answer()
              ? answer(aside, cached, core, args[0], (WireFormat) args[1])
              : read(aside, cached, core, args[0]);
        };
    return PortProxy.of(port, handler);
  }

  private static Cached cached(Class<?> port, Method method, CachedView.View view) {
    Class<?>[] parameters = method.getParameterTypes();
    if (parameters.length == 1) {
      return new Cached(view, method, false);
    }
    if (parameters.length != 2 || parameters[1] != WireFormat.class) {
      throw new IllegalArgumentException(
          method + " is cached by one argument (and a WireFormat for its answer), it takes more");
    }
    if (method.getReturnType() != CompletionStage.class) {
      throw new IllegalArgumentException(method + " answers a CompletionStage of its Answer");
    }
    Method load;
    try {
      load = port.getMethod(method.getName(), parameters[0]);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          method + " answers a read the port does not declare: " + method.getName(), e);
    }
    CachedView loadView = load.getAnnotation(CachedView.class);
    if (loadView == null || loadView.value() != view) {
      throw new IllegalArgumentException(load + " must be marked " + view + " like " + method);
    }
    return new Cached(view, load, true);
  }

  @SuppressWarnings("unchecked")
  private static <E, I, O> Object read(
      CacheAside<E, I, O> aside, Cached cached, Object core, Object arg) {
    Method load = cached.load();
    return switch (cached.view()) {
      case BY_ID -> aside.byId((I) arg, id -> (Optional<E>) PortProxy.call(core, load, id));
      case PAGE ->
          aside.page((PageRequest) arg, page -> (Page<E>) PortProxy.call(core, load, page));
      case RELATED -> aside.related((O) arg, other -> (List<E>) PortProxy.call(core, load, other));
    };
  }

  @SuppressWarnings("unchecked")
  private static <E, I, O> Object answer(
      CacheAside<E, I, O> aside, Cached cached, Object core, Object arg, WireFormat format) {
    Method load = cached.load();
    return switch (cached.view()) {
      case BY_ID ->
          aside.answerById((I) arg, format, id -> (Optional<E>) PortProxy.call(core, load, id));
      case PAGE ->
          aside.answerPage(
              (PageRequest) arg, format, page -> (Page<E>) PortProxy.call(core, load, page));
      case RELATED ->
          aside.answerRelated(
              (O) arg, format, other -> (List<E>) PortProxy.call(core, load, other));
    };
  }
}
