package dev.nis.initializer;

import static dev.nis.initializer.ResourceKind.STREAM;

import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
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
      Optional<StreamConfiguration> existing = find(name);
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

  private List<Outcome> reconcile(StreamConfiguration existing, StreamConfiguration declared)
      throws IOException, JetStreamApiException {
    String name = declared.getName();
    ConfigurationDiff diff = StreamComparison.diff(existing, declared);
    if (diff.hasFixed()) {
      return diff.conflicts(STREAM, name);
    }
    if (diff.isEmpty()) {
      return List.of(new Unchanged(STREAM, name));
    }
    jsm.updateStream(StreamComparison.withDeclaredFields(existing, declared));
    return List.of(new Updated(STREAM, name, diff.updatable()));
  }

  private Optional<StreamConfiguration> find(String name)
      throws IOException, JetStreamApiException {
    try {
      return Optional.of(jsm.getStreamInfo(name).getConfiguration());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
