package dev.nis.common.application;

/**
 * What a read needed does not exist, as a peer service answered (gRPC NOT_FOUND). The edges answer
 * 404 (HTTP) or NOT_FOUND (gRPC) with the message as the detail.
 */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
