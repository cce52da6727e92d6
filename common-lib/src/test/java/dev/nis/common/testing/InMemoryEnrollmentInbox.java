package dev.nis.common.testing;

import dev.nis.common.application.port.out.EnrollmentInbox;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link EnrollmentInbox} in memory, for tests of the appliers and cores. */
public final class InMemoryEnrollmentInbox implements EnrollmentInbox {
  private final Map<String, Instant> applied = new ConcurrentHashMap<>();

  @Override
  public boolean contains(String entryId) {
    return applied.containsKey(entryId);
  }

  @Override
  public void add(String entryId) {
    applied.putIfAbsent(entryId, Instant.now());
  }

  @Override
  public long prune(Instant before) {
    long before0 = applied.size();
    applied.values().removeIf(at -> at.isBefore(before));
    return before0 - applied.size();
  }
}
