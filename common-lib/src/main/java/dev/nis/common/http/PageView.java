package dev.nis.common.http;

import java.util.List;

/**
 * One page of a list: {@code {"data": [...], "next_cursor": "..."}}; {@code next_cursor} is null on
 * the last page. It sits beside {@code data} because it describes the list, not an item.
 */
public record PageView<T>(List<T> data, String nextCursor) {
  public PageView {
    data = List.copyOf(data);
  }
}
