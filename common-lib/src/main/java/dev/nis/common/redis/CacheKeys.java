package dev.nis.common.redis;

import dev.nis.common.domain.PageRequest;

/**
 * The Redis keys of one service's cache, all under one prefix: {@code <prefix><entity>:<id>} for an
 * entity, {@code <prefix><related>:<other id>} for the entities related to one of the other side,
 * and {@code <prefix>list:<generation>:<page>} for list pages. Each cached value has a generation
 * key ({@code gen:...}) that an invalidation increments; list pages share one generation, which is
 * part of their key, so that one increment retires every page at once.
 *
 * @param entity e.g. {@code course}
 * @param related e.g. {@code student-courses} (the courses of a student)
 */
public record CacheKeys(String prefix, String entity, String related) {
  public CacheKeys {
    if (prefix == null) {
      throw new IllegalArgumentException("a key prefix is required (it may be empty)");
    }
  }

  public String value(Object id) {
    return prefix + entity + ":" + id;
  }

  public String generation(Object id) {
    return prefix + "gen:" + entity + ":" + id;
  }

  public String related(Object other) {
    return prefix + related + ":" + other;
  }

  public String relatedGeneration(Object other) {
    return prefix + "gen:" + related + ":" + other;
  }

  public String listGeneration() {
    return prefix + "gen:list";
  }

  /** The part of a page's key before its generation. */
  public String pagePrefix() {
    return prefix + "list:";
  }

  public String pageSuffix(PageRequest request) {
    return ":" + request.key();
  }

  public String page(String generation, PageRequest request) {
    return pagePrefix() + generation + pageSuffix(request);
  }
}
