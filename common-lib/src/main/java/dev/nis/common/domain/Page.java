package dev.nis.common.domain;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of items and the cursor of the next page, empty on the last one. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  /**
   * Builds a page from up to {@code limit + 1} items read in id order: the extra item only tells
   * that there is a next page.
   */
  /** A page with nothing after it: a whole list. */
  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty());
  }

  public static <T> Page<T> fromLookahead(
      List<T> itemsPlusOne, int limit, Function<T, String> idOf) {
    if (itemsPlusOne.size() <= limit) {
      return new Page<>(itemsPlusOne, Optional.empty());
    }
    List<T> items = itemsPlusOne.subList(0, limit);
    return new Page<>(
        items, Optional.of(PageRequest.encodeCursor(idOf.apply(items.get(limit - 1)))));
  }
}
