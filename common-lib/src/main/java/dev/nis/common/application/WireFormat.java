package dev.nis.common.application;

/**
 * The wire formats in which a cached read's answer is kept, beside each other, so that either
 * transport sends a cache hit as stored: {@link #PROTOBUF}, the gRPC response message ({@code
 * nis.v1}), and {@link #JSON}, the HTTP response body ({@code {"data": ...}}). Which bytes each
 * holds is decided by the adapters; the application only carries them.
 */
public enum WireFormat {
  /** The protobuf encoding of the gRPC response message, e.g. a {@code nis.v1.Course}. */
  PROTOBUF,
  /** The HTTP response body, e.g. {@code {"data":{"id":...}}}, exactly as the route sends it. */
  JSON
}
