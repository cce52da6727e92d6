package dev.nis.common.testing;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.CommandQueue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CommandQueue} that keeps what it is given, or fails like a NATS outage. */
public final class RecordingCommandQueue<C> implements CommandQueue<C> {
  public final List<C> queued = new CopyOnWriteArrayList<>();

  /** The commands queued as reissues ({@link #reissue}); each is in {@link #queued} too. */
  public final List<C> reissued = new CopyOnWriteArrayList<>();

  public volatile boolean down;

  @Override
  public void enqueue(C command) {
    if (down) {
      throw new DependencyUnavailableException("nats", "down in this test");
    }
    queued.add(command);
  }

  @Override
  public void reissue(C command) {
    enqueue(command);
    reissued.add(command);
  }
}
