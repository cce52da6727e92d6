package dev.nis.common.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id that ties a request's log lines together: the caller's {@code X-Request-ID} (Kong's
 * correlation-id plugin sets it) when it is printable ASCII without spaces and at most 128
 * characters (the rule of {@code dev.nis.common.grpc.RequestIds}), a new UUID otherwise; {@code
 * request_id} is its MDC key in both.
 */
public final class RequestId {
  public static final String HEADER = "X-Request-ID";
  public static final String MDC_KEY = "request_id";
  private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,128}");

  private RequestId() {}

  public static String fromHeader(String header) {
    return header != null && ACCEPTABLE.matcher(header).matches() ? header : generate();
  }

  /**
   * A new id: a random (version 4) UUID in its 36-character form, drawn from {@link
   * ThreadLocalRandom}. A request id ties log lines together, so it must be unique, not
   * unguessable; {@link UUID#randomUUID()} draws from one {@code SecureRandom} shared by every
   * thread, which took ~1.5 % of a cached read's CPU (async-profiler, 2026-12-02,
   * bench/analysis.md). The gRPC side ({@code dev.nis.common.grpc.RequestIds}) makes its ids here
   * too.
   */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4 (RFC 9562, section 5.4)
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // variant 10
    return new UUID(high, low).toString();
  }
}
