package dev.nis.courses.adapter.out.mongo;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the JVM's heap leaves the embedded store room. Without {@code MONGO_URI} the store
 * (mongo-java-server on its H2 file) lives in the courses service's own heap: 30–35 MiB live at
 * rest and up to ~69 MiB under bursts of {@code Prefer: wait} creates, where the images' 96 MiB
 * heap (89.6 MiB usable, a 64 MiB old generation) ran back-to-back full collections of 87–471 ms
 * for seconds (bench/analysis.md, "The courses service's heap with its store inside"; README.md,
 * "JVM configuration"). The heap cannot be changed once the JVM runs, so the service says so at
 * start.
 */
final class EmbeddedStoreHeap {
  /**
   * The smallest usable heap advised, in bytes: below what {@code -Xmx160m} gives with the images'
   * options (the serial collector counts 149.3 MiB, one survivor space left out; G1 160 MiB) and
   * well above the 89.6 MiB of their {@code -Xmx96m}.
   */
  static final long ADVISED_MIN_BYTES = 140L << 20;

  private EmbeddedStoreHeap() {}

  /**
   * The warning to log for a heap of {@code maxHeapBytes} ({@link Runtime#maxMemory()}; {@link
   * Long#MAX_VALUE} when the JVM has no limit), or empty when the heap is large enough.
   */
  static Optional<String> advice(long maxHeapBytes) {
    if (maxHeapBytes >= ADVISED_MIN_BYTES) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "the embedded MongoDB shares a heap of %.1f MiB with the service; it holds 30-35 MiB"
                + " live and up to ~69 MiB under bursts of waiting requests, which can fill this"
                + " heap into back-to-back full collections: start the service with -Xmx160m"
                + " (README.md, JVM configuration) or give it a MONGO_URI",
            maxHeapBytes / (double) (1 << 20)));
  }
}
