package dev.nis.common.application.port.out;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.WireFormat;
import dev.nis.common.domain.PageRequest;
import java.util.concurrent.CompletionStage;

/**
 * A {@link ReadCache} that keeps each cached answer in every {@link WireFormat} beside the others,
 * under the same key, generation and TTL: a fill ({@link #put}, {@link #putPage}, {@link
 * #putRelated}) stores all of them at once, an invalidation drops all of them at once, and a
 * look-up here returns the bytes of one format as stored, for a transport to send without decoding
 * or encoding anything. The fill race and the failure rules are those of {@link ReadCache}: a miss
 * hands out the fill token, an unavailable cache none.
 *
 * <p>The look-ups do not wait for the cache: they complete when it answers, on the cache client's
 * thread, and never exceptionally (a failure completes as unavailable). So a transport thread that
 * must not block (gRPC's) can ask, and one that may (an HTTP request's virtual thread) waits.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public interface AnswerCache<E, I, O> extends ReadCache<E, I, O> {
  /** One entity's answer in {@code format}: what {@link #get} reads, as bytes. */
  CompletionStage<CacheRead<byte[]>> getBytes(I id, WireFormat format);

  /** A list page in {@code format}: what {@link #getPage} reads, as bytes. */
  CompletionStage<CacheRead<byte[]>> getPageBytes(PageRequest page, WireFormat format);

  /** The entities related to one of the other side in {@code format}, as bytes. */
  CompletionStage<CacheRead<byte[]>> getRelatedBytes(O other, WireFormat format);
}
