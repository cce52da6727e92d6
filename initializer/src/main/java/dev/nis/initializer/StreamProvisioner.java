package dev.nis.initializer;

import static dev.nis.initializer.ResourceKind.STREAM;

import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Brings one stream to its declaration: creates it, updates it in place, or reports a conflict. */
public final class StreamProvisioner {
  private final JetStreamManagement jsm;

  public StreamProvisioner(JetStreamManagement jsm) {
    this.jsm = jsm;
  }

  /**
   * @return one outcome, or one {@link Outcome.Conflict} per field that cannot be changed
   * @throws IOException when NATS does not answer; a refusal by JetStream is a {@link Failed}
   */
  public List<Outcome> provision(StreamConfiguration declared) throws IOException {
    String name = declared.getName();
    try {
      Optional<StreamInfo> existing = find(name);
      if (existing.isEmpty()) {
        try {
          jsm.addStream(declared);
          return List.of(new Created(STREAM, name));
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() != JetStreamErrors.STREAM_NAME_IN_USE) {
            throw e;
          }
          existing = find(name);
        }
      }
      return reconcile(existing.orElseThrow(), declared);
    } catch (JetStreamApiException e) {
      return List.of(new Failed(STREAM, name, e.getMessage()));
    }
  }

  private List<Outcome> reconcile(StreamInfo info, StreamConfiguration declared)
      throws IOException, JetStreamApiException {
    String name = declared.getName();
    StreamConfiguration existing = info.getConfiguration();
    ConfigurationDiff diff = StreamComparison.diff(existing, declared);
    if (diff.hasFixed()) {
      return diff.conflicts(STREAM, name);
    }
    if (diff.isEmpty()) {
      return List.of(new Unchanged(STREAM, name));
    }
    Optional<String> refusal = Replication.refusal(info, declared.getReplicas());
    if (refusal.isPresent()) {
      return List.of(new Failed(STREAM, name, refusal.get()));
    }
    jsm.updateStream(StreamComparison.withDeclaredFields(existing, declared));
    if (existing.getReplicas() != declared.getReplicas()) {
      awaitCaughtUp(name, declared.getReplicas());
    }
    return List.of(new Updated(STREAM, name, diff.updatable()));
  }

  private void awaitCaughtUp(String name, int replicas) throws IOException {
    try {
      Replication.awaitCaughtUp(jsm, name, replicas);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stream " + name + " was being replicated", e);
    }
  }

  private Optional<StreamInfo> find(String name) throws IOException, JetStreamApiException {
    try {
      return Optional.of(jsm.getStreamInfo(name));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
