package dev.nis.common.application;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a queries port as served cache-aside from one view of the service's read cache
 * (README.md, "How a mutation travels"), as {@link CachedQueries} does it. An unmarked method
 * always reads through to the core. Each view may also be read as an {@link Answer}: the same
 * method with a {@link WireFormat} after its argument, marked alike, answering a stage (e.g. {@code
 * CompletionStage<Optional<Answer<E>>> method(I id, WireFormat format)}), served as the stored
 * bytes on a hit (README.md, "Reads").
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CachedView {
  View value();

  /** The views of a {@link dev.nis.common.application.port.out.ReadCache}. */
  enum View {
    /** {@code Optional<E> method(I id)}: one entity by id; a missing one is not cached. */
    BY_ID,
    /** {@code Page<E> method(PageRequest page)}: a page of the list. */
    PAGE,
    /** {@code List<E> method(O other)}: the entities related to one of the other side. */
    RELATED
  }
}
