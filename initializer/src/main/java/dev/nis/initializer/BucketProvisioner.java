package dev.nis.initializer;

import static dev.nis.initializer.ResourceKind.BUCKET;

import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Brings one key-value bucket to its declaration: creates, updates in place, or reports. */
public final class BucketProvisioner {
  private final KeyValueManagement kvm;
  private final JetStreamManagement jsm;

  /**
   * @param jsm the same connection's stream API, to wait for a bucket's stream after its replica
   *     count changed
   */
  public BucketProvisioner(KeyValueManagement kvm, JetStreamManagement jsm) {
    this.kvm = kvm;
    this.jsm = jsm;
  }

  /**
   * @return one outcome, or one {@link Outcome.Conflict} per field that cannot be changed
   * @throws IOException when NATS does not answer; a refusal by JetStream is a {@link Failed}
   */
  public List<Outcome> provision(KeyValueConfiguration declared) throws IOException {
    String name = declared.getBucketName();
    try {
      Optional<KeyValueStatus> existing = find(name);
      if (existing.isEmpty()) {
        try {
          kvm.create(declared);
          return List.of(new Created(BUCKET, name));
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() != JetStreamErrors.STREAM_NAME_IN_USE) {
            throw e;
          }
          existing = find(name);
        }
      }
      return reconcile(existing.orElseThrow(), declared);
    } catch (JetStreamApiException e) {
      return List.of(new Failed(BUCKET, name, e.getMessage()));
    }
  }

  private List<Outcome> reconcile(KeyValueStatus status, KeyValueConfiguration declared)
      throws IOException, JetStreamApiException {
    String name = declared.getBucketName();
    KeyValueConfiguration existing = status.getConfiguration();
    ConfigurationDiff diff = BucketComparison.diff(existing, declared);
    if (diff.hasFixed()) {
      return diff.conflicts(BUCKET, name);
    }
    if (diff.isEmpty()) {
      return List.of(new Unchanged(BUCKET, name));
    }
    Optional<String> refusal =
        Replication.refusal(status.getBackingStreamInfo(), declared.getReplicas());
    if (refusal.isPresent()) {
      return List.of(new Failed(BUCKET, name, refusal.get()));
    }
    kvm.update(BucketComparison.withDeclaredFields(existing, declared));
    if (existing.getReplicas() != declared.getReplicas()) {
      try {
        Replication.awaitCaughtUp(
            jsm, existing.getBackingConfig().getName(), declared.getReplicas());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while bucket " + name + " was being replicated", e);
      }
    }
    return List.of(new Updated(BUCKET, name, diff.updatable()));
  }

  private Optional<KeyValueStatus> find(String name) throws IOException, JetStreamApiException {
    try {
      return Optional.of(kvm.getStatus(name));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
