package dev.nis.common.grpc;

import dev.nis.common.http.RequestId;
import io.grpc.Context;
import io.grpc.Metadata;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Where a request id travels: the {@code x-request-id} metadata key on the wire (the header Kong's
 * correlation-id plugin sets), the {@code request_id} MDC key in logs, and a gRPC {@link Context}
 * key for code that runs outside the MDC-wrapped callbacks.
 */
public final class RequestIds {
  public static final String MDC_KEY = "request_id";
  public static final Metadata.Key<String> METADATA_KEY =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  public static final Context.Key<String> CONTEXT_KEY = Context.key(MDC_KEY);

  /** Longer ids are replaced, so that a client cannot flood the logs through this header. */
  static final int MAX_LENGTH = 128;

  private RequestIds() {}

  /** The id a caller sent, if it is printable ASCII without spaces and not too long. */
  static Optional<String> acceptable(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    boolean printable = candidate.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    return printable ? Optional.of(candidate) : Optional.empty();
  }

  static String generate() {
    return RequestId.generate();
  }

  /** The request id of the work running on this thread: the MDC first, then the gRPC context. */
  public static Optional<String> current() {
    String fromMdc = MDC.get(MDC_KEY);
    if (fromMdc != null) {
      return Optional.of(fromMdc);
    }
    return Optional.ofNullable(CONTEXT_KEY.get());
  }
}
