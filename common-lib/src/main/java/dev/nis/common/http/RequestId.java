package dev.nis.common.http;

import java.util.UUID;
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
    return header != null && ACCEPTABLE.matcher(header).matches()
        ? header
        : UUID.randomUUID().toString();
  }
}
