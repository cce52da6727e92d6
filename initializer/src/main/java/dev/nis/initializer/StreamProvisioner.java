package dev.nis.initializer;

import static dev.nis.initializer.ResourceKind.STREAM;

import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PurgeOptions;
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
          if (declared.getReplicas() > 1) {
            // a clustered stream of NATS 2.9 purged up to a sequence past its last refuses every
            // publish after it ("expected sequence does not match store", seen in
            // ClusterFailoverIT): it numbers from 1, and initializer/README.md says what follows
            jsm.addStream(declared);
            return List.of(new Created(STREAM, name));
          }
          jsm.addStream(
              StreamConfiguration.builder(declared).subjects(placeholderSubject(name)).build());
          numberFresh(name);
          jsm.updateStream(declared);
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

  /**
   * Makes a new stream number its messages from {@link #freshSequence}, before it takes its
   * subjects (so that nothing published meanwhile is purged): a stream deleted and created again
   * numbered from 1, and every entity's sequence guard (the last sequence applied to it, I4) then
   * took each new command for a redelivery of an old one, and answered 200 storing nothing (found
   * by a fresh helper, 2026-12-07, after "delete the stream and run the job again", which this
   * README gives for a conflict). NATS 2.9 has no first sequence in a stream's configuration; a
   * purge up to a sequence past the last sets it, as {@link CommandStreamMigration} does.
   */
  private void numberFresh(String name) throws IOException, JetStreamApiException {
    jsm.purgeStream(name, PurgeOptions.builder().sequence(freshSequence()).build());
  }

  /**
   * The wall clock in microseconds: above every sequence an earlier stream of the name reached, as
   * long as it stored fewer than a million messages a second on average since it was created. Below
   * 2^53, so that a sequence stays exact as a JSON number for another two centuries.
   */
  static long freshSequence() {
    return System.currentTimeMillis() * 1_000;
  }

  /** A subject nothing publishes to: the stream's own while it is being created. */
  static String placeholderSubject(String name) {
    return "_nis_provisioning." + name;
  }

  private List<Outcome> reconcile(StreamInfo info, StreamConfiguration declared)
      throws IOException, JetStreamApiException {
    String name = declared.getName();
    StreamConfiguration existing = info.getConfiguration();
    if (existing.getSubjects().equals(List.of(placeholderSubject(name)))
        && info.getStreamState().getMsgCount() == 0) {
      // an earlier run stopped while creating it: number it as that run would have
      numberFresh(name);
    }
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
