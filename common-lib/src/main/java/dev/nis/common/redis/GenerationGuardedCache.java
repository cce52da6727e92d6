package dev.nis.common.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis mechanics of both services' caches, guarded against the fill race by generations: a
 * miss hands out the generation of the entry as its fill token, a fill is stored only while that
 * generation is unchanged, and an invalidation increments the generations (and deletes the values)
 * in one script. So a reader that missed before a change was applied cannot store what it read
 * then. Values live {@code ttl}; generations live longer (and are refreshed on every increment),
 * and one that expires starts again at a value it never had ({@code FRESH_GENERATION}), so that it
 * only makes fills with older tokens fail and never names list pages stored before it expired.
 * Reads and fills never throw; an invalidation that cannot be made throws {@link
 * DependencyUnavailableException}. A read whose reply crosses a reconnection is unavailable: it may
 * have been answered by a restarted server before its run check ({@link RedisConnector#epoch()}).
 */
public final class GenerationGuardedCache {
  private static final Duration MIN_GENERATION_TTL = Duration.ofHours(1);
  private static final String NO_GENERATION = "0";
  private static final Logger LOG = LoggerFactory.getLogger(GenerationGuardedCache.class);

  /** KEYS: generation, value. ARGV: token, value, ttl ms. Returns 1 when stored. */
  private static final RedisScript FILL =
      new RedisScript(
          """
          if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
          redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
          return 1
          """);

  /**
   * A generation no earlier one can equal: Redis' clock in microseconds, above every value a
   * generation started this way reached by increments (one per invalidation, far fewer than a
   * million a second) before it expired.
   */
  private static final String FRESH_GENERATION =
      """
      local function fresh()
        local now = redis.call('TIME')
        return now[1] .. string.format('%06d', tonumber(now[2]))
      end
      """;

  /**
   * KEYS: list generation. ARGV: page key prefix, page key suffix, generation ttl ms. Returns
   * {generation, page}. A list generation that is missing (expired) is started afresh here, so that
   * the pages read and filled now are keyed by a generation no earlier page has.
   */
  private static final RedisScript READ_PAGE =
      new RedisScript(
          FRESH_GENERATION
              + """
              local generation = redis.call('GET', KEYS[1])
              if not generation then
                generation = fresh()
                redis.call('SET', KEYS[1], generation, 'PX', ARGV[3])
              end
              return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}
              """);

  /**
   * KEYS: ARGV[2] generations, then values. ARGV: generation ttl ms, count of generations. A
   * generation is incremented, or started afresh when it is missing (expired): counting up again
   * from 0 would reach, within a few changes, the generation of list pages still stored from before
   * it expired, and serve them (found by a fresh helper, 2026-12-07: a list page from before an
   * applied update served over HTTP and gRPC).
   */
  private static final RedisScript INVALIDATE =
      new RedisScript(
          FRESH_GENERATION
              + """
              local generations = tonumber(ARGV[2])
              for i = 1, #KEYS do
                if i <= generations then
                  if redis.call('EXISTS', KEYS[i]) == 1 then
                    redis.call('INCR', KEYS[i])
                  else
                    redis.call('SET', KEYS[i], fresh())
                  end
                  redis.call('PEXPIRE', KEYS[i], ARGV[1])
                else
                  redis.call('DEL', KEYS[i])
                end
              end
              return generations
              """);

  private final RedisConnector redis;
  private final RedisSpans spans;
  private final byte[] ttlMillis;
  private final byte[] generationTtlMillis;

  public GenerationGuardedCache(RedisConnector redis, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the cache TTL must be positive, got " + ttl);
    }
    Duration generationTtl = ttl.multipliedBy(2);
    if (generationTtl.compareTo(MIN_GENERATION_TTL) < 0) {
      generationTtl = MIN_GENERATION_TTL;
    }
    this.redis = redis;
    this.spans = new RedisSpans(redis.tracing());
    this.ttlMillis = bytes(ttl.toMillis());
    this.generationTtlMillis = bytes(generationTtl.toMillis());
  }

  /**
   * Reads a list page whose key embeds the list generation: {@code pagePrefix + generation +
   * pageSuffix}, in one round trip.
   */
  public <T> CacheRead<T> readPage(
      String listGenerationKey, String pagePrefix, String pageSuffix, Decoder<T> decoder) {
    long sentIn = redis.epoch();
    List<Object> generationAndPage;
    try {
      generationAndPage =
          spans.call(
              "EVALSHA",
              "read_page",
              () ->
                  READ_PAGE.run(
                      redis.commands(),
                      ScriptOutputType.MULTI,
                      new String[] {listGenerationKey},
                      pagePrefix.getBytes(UTF_8),
                      pageSuffix.getBytes(UTF_8),
                      generationTtlMillis));
    } catch (RuntimeException e) {
      return unavailable("read a page", e);
    }
    return reconnectedSince(sentIn, "read a page")
        ? CacheRead.unavailable()
        : decodePage(generationAndPage, decoder);
  }

  /** {@link #readPage} without waiting; completes on Redis's answer, never exceptionally. */
  public <T> CompletionStage<CacheRead<T>> readPageAsync(
      String listGenerationKey, String pagePrefix, String pageSuffix, Decoder<T> decoder) {
    long sentIn = redis.epoch();
    CompletionStage<List<Object>> generationAndPage;
    try {
      generationAndPage =
          spans.callAsync(
              "EVALSHA",
              "read_page",
              () ->
                  READ_PAGE.runAsync(
                      redis.async(),
                      ScriptOutputType.MULTI,
                      new String[] {listGenerationKey},
                      pagePrefix.getBytes(UTF_8),
                      pageSuffix.getBytes(UTF_8),
                      generationTtlMillis));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(unavailable("read a page", e));
    }
    return generationAndPage.handle(
        (answer, failure) ->
            failure != null
                ? unavailable("read a page", failure)
                : reconnectedSince(sentIn, "read a page")
                    ? CacheRead.unavailable()
                    : decodePage(answer, decoder));
  }

  private static <T> CacheRead<T> decodePage(List<Object> generationAndPage, Decoder<T> decoder) {
    String generation = new String((byte[]) generationAndPage.get(0), UTF_8);
    byte[] value = generationAndPage.size() > 1 ? (byte[]) generationAndPage.get(1) : null;
    return decode(value, generation, decoder);
  }

  /** Increments the generations and deletes the values, in one script. */
  public void invalidate(List<String> generationKeys, List<String> valueKeys) {
    List<String> scriptKeys = new ArrayList<>(generationKeys);
    scriptKeys.addAll(valueKeys);
    try {
      spans.call(
          "EVALSHA",
          "invalidate",
          () ->
              INVALIDATE.run(
                  redis.commands(),
                  ScriptOutputType.INTEGER,
                  scriptKeys.toArray(String[]::new),
                  generationTtlMillis,
                  bytes(generationKeys.size())));
    } catch (RuntimeException e) {
      throw new DependencyUnavailableException("redis", e);
    }
  }

  public <T> CacheRead<T> read(String valueKey, String generationKey, Decoder<T> decoder) {
    long sentIn = redis.epoch();
    List<KeyValue<String, byte[]>> valueAndGeneration;
    try {
      valueAndGeneration =
          spans.call("MGET", "read", () -> redis.commands().mget(valueKey, generationKey));
    } catch (RuntimeException e) {
      return unavailable("read " + valueKey, e);
    }
    return reconnectedSince(sentIn, valueKey)
        ? CacheRead.unavailable()
        : decode(valueAndGeneration, decoder);
  }

  /**
   * {@link #read} without waiting: the same MGET on lettuce's asynchronous API. Completes on
   * Redis's answer (on lettuce's thread), never exceptionally: a failure is {@link
   * CacheRead#unavailable()}.
   */
  public <T> CompletionStage<CacheRead<T>> readAsync(
      String valueKey, String generationKey, Decoder<T> decoder) {
    long sentIn = redis.epoch();
    CompletionStage<List<KeyValue<String, byte[]>>> valueAndGeneration;
    try {
      valueAndGeneration =
          spans.callAsync("MGET", "read", () -> redis.async().mget(valueKey, generationKey));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(unavailable("read " + valueKey, e));
    }
    return valueAndGeneration.handle(
        (answer, failure) ->
            failure != null
                ? unavailable("read " + valueKey, failure)
                : reconnectedSince(sentIn, valueKey)
                    ? CacheRead.unavailable()
                    : decode(answer, decoder));
  }

  private static <T> CacheRead<T> decode(
      List<KeyValue<String, byte[]>> valueAndGeneration, Decoder<T> decoder) {
    KeyValue<String, byte[]> generation = valueAndGeneration.get(1);
    String token = generation.hasValue() ? new String(generation.getValue(), UTF_8) : NO_GENERATION;
    KeyValue<String, byte[]> value = valueAndGeneration.get(0);
    return decode(value.hasValue() ? value.getValue() : null, token, decoder);
  }

  /** A value that no longer decodes (e.g. written by another version) counts as a miss. */
  private static <T> CacheRead<T> decode(byte[] value, String token, Decoder<T> decoder) {
    if (value == null) {
      return CacheRead.miss(token);
    }
    try {
      return CacheRead.hit(decoder.decode(value));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      LOG.debug("dropping an undecodable cache value: {}", e.toString());
      return CacheRead.miss(token);
    }
  }

  public void fill(String generationKey, String valueKey, String token, byte[] value) {
    try {
      spans.call(
          "EVALSHA",
          "fill",
          () ->
              FILL.run(
                  redis.commands(),
                  ScriptOutputType.INTEGER,
                  new String[] {generationKey, valueKey},
                  token.getBytes(UTF_8),
                  value,
                  ttlMillis));
    } catch (RuntimeException e) {
      LOG.debug("cache fill of {} skipped: {}", valueKey, e.toString());
    }
  }

  /**
   * Whether the connection changed between a read's start and its reply, when the read counts as
   * {@link CacheRead#unavailable()}: lettuce may have sent it again to a restarted server before
   * that server's run check ({@link RedisConnector#epoch()}), so the answer may hold an entry the
   * check deletes. Reads that meet a reconnection go to the database instead.
   */
  private boolean reconnectedSince(long sentIn, String what) {
    if (redis.epoch() == sentIn) {
      return false;
    }
    LOG.debug("cache answer to {} dropped: Redis reconnected while it was under way", what);
    return true;
  }

  private static <T> CacheRead<T> unavailable(String what, Throwable e) {
    LOG.debug("cache unavailable to {}: {}", what, e.toString());
    return CacheRead.unavailable();
  }

  private static byte[] bytes(long number) {
    return Long.toString(number).getBytes(UTF_8);
  }

  /** Turns stored bytes back into a value. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] bytes) throws InvalidProtocolBufferException;
  }
}
