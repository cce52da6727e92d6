package dev.nis.common.http;

import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.ValidationException;

/**
 * Reads {@code ?limit=&cursor=} of a list route: limit from 1 to {@value PageRequest#MAX_LIMIT}
 * (default {@value PageRequest#DEFAULT_LIMIT}), cursor as the previous page's {@code next_cursor}.
 * Anything else is a 400 naming {@code limit} or {@code cursor}.
 */
public final class PageQuery {
  private PageQuery() {}

  public static PageRequest from(Request request) {
    PageRequest page = PageRequest.of(null, request.query("cursor").orElse(null));
    return request
        .query("limit")
        .map(limit -> new PageRequest(parseLimit(limit), page.afterId()))
        .orElse(page);
  }

  private static int parseLimit(String text) {
    // ASCII digits only: Character.isDigit let other scripts' digits through (limit=５ was 5),
    // which Integer.parseInt reads too (found by a fresh helper, 2026-12-07)
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ValidationException(
          "limit", "must be an integer from 1 to " + PageRequest.MAX_LIMIT);
    }
    return Integer.parseInt(text);
  }
}
