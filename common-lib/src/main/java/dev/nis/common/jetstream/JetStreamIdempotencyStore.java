package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.IdempotencyStore;
import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.RequestFingerprint;
import dev.nis.proto.v1.IdempotencyClaim;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.io.IOException;
import java.util.Optional;

/**
 * Idempotency-Key claims in the JetStream key-value bucket of the contract ({@code
 * <namespace>_idempotency}), one entry per service and key.
 *
 * <p>Why JetStream and not Redis ({@code SET NX PX} would do the same): a claim must be atomic
 * across replicas and must outlive a restart for as long as the key may be retried, and Redis is
 * this system's cache, which may be down or evict (I6: a Redis outage must not break mutations).
 * NATS is already on the path of every mutation (the pending record and the command go there), so a
 * request with a key depends on nothing a request without one does not. {@link KeyValue#create} is
 * the atomic claim: JetStream stores it only while the key has no value. The bucket's TTL is the
 * keys' expiry.
 *
 * <p>An entry's name is {@code <service>.<SHA-256 hex of the scope and the key>} ({@link
 * IdempotencyKey#digest}): a client's key may hold characters a bucket key cannot.
 */
public final class JetStreamIdempotencyStore implements IdempotencyStore {
  /** JetStream's answer to a create of a key that already has a value. */
  private static final int WRONG_LAST_SEQUENCE = 10071;

  /** A claim that loses and then finds no value (it expired meanwhile) tries again, this often. */
  private static final int CLAIM_ATTEMPTS = 3;

  private final KeyValue bucket;
  private final String service;

  /**
   * @param service {@code courses} or {@code students}: its keys never meet the other's
   */
  public JetStreamIdempotencyStore(
      Connection connection, JetStreamContract contract, String service) throws IOException {
    this.bucket = connection.keyValue(contract.idempotencyBucket());
    this.service = service;
  }

  @Override
  public Optional<Claim> claim(IdempotencyKey key, Claim claim) {
    String name = entryName(key);
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      try {
        bucket.create(name, encode(claim));
        return Optional.empty();
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
          throw unavailable(e);
        }
      } catch (IOException | RuntimeException e) {
        throw unavailable(e);
      }
      Optional<Claim> first = find(name);
      if (first.isPresent()) {
        return first;
      }
    }
    throw new DependencyUnavailableException(
        "nats", "the idempotency key " + name + " kept changing while it was claimed");
  }

  @Override
  public Optional<Claim> find(IdempotencyKey key) {
    return find(entryName(key));
  }

  private Optional<Claim> find(String name) {
    try {
      KeyValueEntry entry = bucket.get(name);
      if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
        return Optional.empty();
      }
      IdempotencyClaim stored = IdempotencyClaim.parseFrom(entry.getValue());
      return Optional.of(
          new Claim(
              new RequestFingerprint(stored.getFingerprint()),
              OperationId.parse(stored.getOperationId()),
              stored.getEntityId(),
              entry.getCreated().toInstant()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "idempotency key " + name + " is stored in an unknown form", e);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  private static byte[] encode(Claim claim) {
    return IdempotencyClaim.newBuilder()
        .setFingerprint(claim.fingerprint().sha256())
        .setOperationId(claim.operationId().toString())
        .setEntityId(claim.entityId())
        .build()
        .toByteArray();
  }

  /** {@code <service>.<digest of the scoped key>}. */
  String entryName(IdempotencyKey key) {
    return service + "." + key.digest();
  }

  private static DependencyUnavailableException unavailable(Exception e) {
    return new DependencyUnavailableException("nats", e);
  }
}
