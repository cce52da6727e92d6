package dev.nis.common.application;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The answer of a read in the form a transport sends it: the stored bytes of one {@link WireFormat}
 * when the read cache held them (a hit: nothing to decode or encode), or the value read from the
 * store (a miss, or the cache unavailable), which the adapter encodes itself with the encoder that
 * made the stored bytes, so that both forms put the same bytes on the wire.
 *
 * @param <T> the value: an entity, a page, a list
 */
public sealed interface Answer<T> {
  /**
   * The bytes to send: the stored ones, or {@code encoder} applied to the value.
   *
   * @param encoder the adapter's encoding of the value in the format the read asked for
   */
  byte[] bytes(Function<? super T, byte[]> encoder);

  /**
   * Waits for an answer, on a thread that may wait (an HTTP request's), and throws what the read
   * threw as it was thrown: not wrapped in a {@link CompletionException}, so that the edge maps it
   * as it maps a synchronous read's failure.
   */
  static <T> T await(CompletionStage<T> answer) {
    try {
      return answer.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  static <T> Answer<T> stored(byte[] bytes) {
    return new Stored<>(bytes);
  }

  static <T> Answer<T> loaded(T value) {
    return new Loaded<>(value);
  }

  /**
   * A cache hit: the representation as the cache holds it (not copied; not to be changed).
   *
   * @param bytes the answer in the format the read asked for
   */
  record Stored<T>(byte[] bytes) implements Answer<T> {
    @Override
    public byte[] bytes(Function<? super T, byte[]> encoder) {
      return bytes;
    }
  }

  /** The value, read from the store. */
  record Loaded<T>(T value) implements Answer<T> {
    @Override
    public byte[] bytes(Function<? super T, byte[]> encoder) {
      return encoder.apply(value);
    }
  }
}
