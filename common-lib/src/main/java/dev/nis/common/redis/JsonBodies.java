package dev.nis.common.redis;

import dev.nis.common.domain.Page;
import java.util.List;
import java.util.function.Function;

/**
 * How one service's answers look as HTTP response bodies, the {@link
 * dev.nis.common.application.WireFormat#JSON} part of each cached answer beside the protobuf of its
 * {@link CacheCodec}: the bytes the HTTP routes send, made by the same functions the routes use on
 * a miss, so that a hit and a miss send the same bytes. A list of related entities is stored as the
 * body of a last page ({@code "next_cursor": null}), as the codec stores it as a page without a
 * cursor; no route sends it today.
 *
 * @param entity one entity's body, e.g. {@code {"data":{"id":...}}}
 * @param page a list page's body, e.g. {@code {"data":[...],"next_cursor":...}}
 * @param <E> the entity
 */
public record JsonBodies<E>(Function<E, byte[]> entity, Function<Page<E>, byte[]> page) {
  public byte[] encode(E value) {
    return entity.apply(value);
  }

  public byte[] encodePage(Page<E> value) {
    return page.apply(value);
  }

  public byte[] encodeList(List<E> values) {
    return encodePage(Page.last(values));
  }
}
