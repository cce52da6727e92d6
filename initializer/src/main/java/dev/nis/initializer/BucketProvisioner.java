package dev.nis.initializer;

import static dev.nis.initializer.ResourceKind.BUCKET;

import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Brings one key-value bucket to its declaration: creates, updates in place, or reports. */
public final class BucketProvisioner {
  private final KeyValueManagement kvm;

  public BucketProvisioner(KeyValueManagement kvm) {
    this.kvm = kvm;
  }

  /**
   * @return one outcome, or one {@link Outcome.Conflict} per field that cannot be changed
   * @throws IOException when NATS does not answer; a refusal by JetStream is a {@link Failed}
   */
  public List<Outcome> provision(KeyValueConfiguration declared) throws IOException {
    String name = declared.getBucketName();
    try {
      Optional<KeyValueConfiguration> existing = find(name);
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

  private List<Outcome> reconcile(KeyValueConfiguration existing, KeyValueConfiguration declared)
      throws IOException, JetStreamApiException {
    String name = declared.getBucketName();
    ConfigurationDiff diff = BucketComparison.diff(existing, declared);
    if (diff.hasFixed()) {
      return diff.conflicts(BUCKET, name);
    }
    if (diff.isEmpty()) {
      return List.of(new Unchanged(BUCKET, name));
    }
    kvm.update(BucketComparison.withDeclaredFields(existing, declared));
    return List.of(new Updated(BUCKET, name, diff.updatable()));
  }

  private Optional<KeyValueConfiguration> find(String name)
      throws IOException, JetStreamApiException {
    try {
      return Optional.of(kvm.getStatus(name).getConfiguration());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
