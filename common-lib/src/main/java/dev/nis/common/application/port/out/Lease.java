package dev.nis.common.application.port.out;

/**
 * A lease that at most one holder (a replica of either service) has at a time, for work that must
 * not run twice at once (the reconciliation). A holder renews it well within its time to live; one
 * that stops renewing (killed, cut off) loses it when that time runs out, and another takes it.
 */
public interface Lease {
  /**
   * Takes the lease if nobody holds it, or renews it if this holder does.
   *
   * @return whether this holder holds it now; false when another does or the store cannot answer
   */
  boolean acquireOrRenew();

  /**
   * Whether this holder may act as the holder now: it took or renewed the lease recently enough
   * that the lease cannot have run out and passed to another meanwhile.
   */
  boolean held();

  /** Gives the lease up (if held), so that another holder takes it without waiting. */
  void release();
}
