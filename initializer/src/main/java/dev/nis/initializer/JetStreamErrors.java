package dev.nis.initializer;

/** The JetStream API error codes the initializer reacts to. */
final class JetStreamErrors {
  /** The stream (or the bucket's backing stream) does not exist. */
  static final int STREAM_NOT_FOUND = 10059;

  /** A stream with this name exists with another configuration (created since we looked). */
  static final int STREAM_NAME_IN_USE = 10058;

  /** A clustered stream's replicas cannot be placed: too few servers are up and known yet. */
  static final int NO_SUITABLE_PEERS = 10005;

  private JetStreamErrors() {}
}
