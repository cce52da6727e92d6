package dev.nis.common.testing;

import dev.nis.common.application.port.out.Lease;
import java.util.concurrent.atomic.AtomicInteger;

/** A lease this holder always holds, as a lone replica's would be; counts its releases. */
public final class HeldLease implements Lease {
  private final AtomicInteger releases = new AtomicInteger();

  @Override
  public boolean acquireOrRenew() {
    return true;
  }

  @Override
  public boolean held() {
    return true;
  }

  @Override
  public void release() {
    releases.incrementAndGet();
  }

  /** How many times {@link #release} was called. */
  public int releases() {
    return releases.get();
  }
}
