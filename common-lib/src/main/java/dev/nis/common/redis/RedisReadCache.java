package dev.nis.common.redis;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.WireFormat;
import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A service's read cache in Redis: its {@link CacheKeys}, and each value an {@link AnswerFrame}
 * holding the answer in both wire formats (the protobuf of its {@link CacheCodec}, the JSON of its
 * {@link JsonBodies}), over the generation-guarded mechanics of {@link GenerationGuardedCache}. A
 * look-up of the value decodes the protobuf part; a look-up of bytes slices one part out, with
 * nothing decoded, on lettuce's asynchronous API. Ids become keys by their {@code toString()}.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public final class RedisReadCache<E, I, O> implements AnswerCache<E, I, O> {
  private final GenerationGuardedCache cache;
  private final CacheKeys keys;
  private final CacheCodec<E> codec;
  private final JsonBodies<E> json;

  public RedisReadCache(
      RedisConnector redis, CacheKeys keys, CacheCodec<E> codec, JsonBodies<E> json, Duration ttl) {
    this.cache = new GenerationGuardedCache(redis, ttl);
    this.keys = keys;
    this.codec = codec;
    this.json = json;
  }

  @Override
  public CacheRead<E> get(I id) {
    return cache.read(keys.value(id), keys.generation(id), this::decode);
  }

  @Override
  public CompletionStage<CacheRead<byte[]>> getBytes(I id, WireFormat format) {
    return cache.readAsync(
        keys.value(id), keys.generation(id), frame -> AnswerFrame.part(frame, format));
  }

  @Override
  public void put(I id, E value, String fillToken) {
    byte[] frame = AnswerFrame.of(codec.encode(value), json.encode(value));
    cache.fill(keys.generation(id), keys.value(id), fillToken, frame);
  }

  @Override
  public CacheRead<Page<E>> getPage(PageRequest page) {
    return cache.readPage(
        keys.listGeneration(), keys.pagePrefix(), keys.pageSuffix(page), this::decodePage);
  }

  @Override
  public CompletionStage<CacheRead<byte[]>> getPageBytes(PageRequest page, WireFormat format) {
    return cache.readPageAsync(
        keys.listGeneration(),
        keys.pagePrefix(),
        keys.pageSuffix(page),
        frame -> AnswerFrame.part(frame, format));
  }

  @Override
  public void putPage(PageRequest request, Page<E> page, String fillToken) {
    byte[] frame = AnswerFrame.of(codec.encodePage(page), json.encodePage(page));
    cache.fill(keys.listGeneration(), keys.page(fillToken, request), fillToken, frame);
  }

  @Override
  public CacheRead<List<E>> getRelated(O other) {
    return cache.read(keys.related(other), keys.relatedGeneration(other), this::decodeList);
  }

  @Override
  public CompletionStage<CacheRead<byte[]>> getRelatedBytes(O other, WireFormat format) {
    return cache.readAsync(
        keys.related(other),
        keys.relatedGeneration(other),
        frame -> AnswerFrame.part(frame, format));
  }

  @Override
  public void putRelated(O other, List<E> values, String fillToken) {
    byte[] frame = AnswerFrame.of(codec.encodeList(values), json.encodeList(values));
    cache.fill(keys.relatedGeneration(other), keys.related(other), fillToken, frame);
  }

  @Override
  public void invalidate(I id, Set<O> touched) {
    List<String> generations = new ArrayList<>();
    List<String> values = new ArrayList<>();
    generations.add(keys.generation(id));
    values.add(keys.value(id));
    generations.add(keys.listGeneration());
    for (O other : touched) {
      generations.add(keys.relatedGeneration(other));
      values.add(keys.related(other));
    }
    cache.invalidate(generations, values);
  }

  private E decode(byte[] frame) throws com.google.protobuf.InvalidProtocolBufferException {
    return codec.decode(AnswerFrame.part(frame, WireFormat.PROTOBUF));
  }

  private Page<E> decodePage(byte[] frame)
      throws com.google.protobuf.InvalidProtocolBufferException {
    return codec.decodePage(AnswerFrame.part(frame, WireFormat.PROTOBUF));
  }

  private List<E> decodeList(byte[] frame)
      throws com.google.protobuf.InvalidProtocolBufferException {
    return codec.decodeList(AnswerFrame.part(frame, WireFormat.PROTOBUF));
  }
}
