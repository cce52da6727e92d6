package dev.nis.common.jetstream;

/**
 * How commands and enrollment-log entries are spread over partitions: by a hash of the entity id
 * (of the pair, for the log), so that everything about one entity (pair) lands in one partition and
 * is applied in order, while different partitions are applied in parallel. The count is part of the
 * contract: publishers and consumers of every replica must agree on it, so it is a constant, not a
 * setting (changing it re-maps entities while their commands may still be queued).
 */
public final class Partitions {
  /** Partitions per stream: enough to keep two cores busy with several replicas applying. */
  public static final int COUNT = 32;

  private Partitions() {}

  /**
   * The partition of a key, 0 ≤ p < {@link #COUNT}. {@link String#hashCode} is specified by the
   * Java language, so every JVM and every release agrees on it.
   */
  public static int of(String key) {
    return Math.floorMod(key.hashCode(), COUNT);
  }

  /** The partition of a (course, student) pair of the enrollment log. */
  public static int ofPair(String courseId, String studentId) {
    return of(courseId + "/" + studentId);
  }

  /**
   * The name of partition {@code p}'s stream when each partition has a stream of its own: {@code
   * <base>_<pp>} ({@code NIS_COURSE_COMMANDS_07}).
   */
  public static String streamName(String base, int partition) {
    checked(partition);
    return base + "_" + "%02d".formatted(partition);
  }

  static String checked(int partition) {
    if (partition < 0 || partition >= COUNT) {
      throw new IllegalArgumentException("no partition " + partition + " of " + COUNT);
    }
    return Integer.toString(partition);
  }
}
