package dev.nis.courses.adapter.out.mongo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.h2.mvstore.SingleFileStore;

/**
 * H2's single-file store that gives the file's unused tail back only when the store closes, not
 * after a commit: a commit then makes no {@code fsync} and no {@code ftruncate}.
 *
 * <p>Why: H2 (2.3.232, {@code RandomAccessStore.writeChunk}) tries to shrink the file after every
 * commit whose chunk went into reused space, and when the file's end is free it first forces the
 * whole file to disk ({@code FileChannel.force}), then truncates it. {@link DurableH2Backend}
 * commits after every write command and reuses space at once, so that happened 20–32 times in
 * 60,000 commits, each {@code fsync} taking up to 93–116 ms on this machine's shared disk (under 1
 * ms on a tmpfs); in a benchmark run of the service, 102–122 times, up to 71 ms, each holding every
 * partition's next write behind the commit lock (bench/analysis.md, 2026-12-06). Without the shrink
 * the longest commit of the same 60,000 was 30–37 ms, and the file was as large (130 MiB): chunks
 * are reused in place either way. The close still shrinks, so a stopped service's file holds no
 * free tail. Durability is unchanged: a commit is written to the file before the reply either way,
 * and neither forces it to disk (survives {@code kill -9}, not a machine crash; {@link
 * DurableH2Backend}).
 */
final class ShrinkOnCloseFileStore extends SingleFileStore {
  /** H2's own settings (cache 16 MiB, auto-compaction fill rate 90 %), as its Builder gives. */
  private ShrinkOnCloseFileStore() {
    super(new HashMap<>());
  }

  /**
   * Opens {@code file} for writing (creating it when missing), locked against other processes.
   *
   * @throws org.h2.mvstore.MVStoreException when the file cannot be opened or another process holds
   *     its lock
   * @throws DataFileException when this process may read the file but not write it
   */
  static ShrinkOnCloseFileStore open(Path file) {
    // H2 falls back to reading a file it may not write: the service then read ready and answered
    // 202 for commands that failed to apply for good (found by a fresh helper). access(2) answers
    // for the mode, a read-only mount and the immutable attribute alike, for root too.
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw DataFileException.notWritable(file);
    }
    ShrinkOnCloseFileStore store = new ShrinkOnCloseFileStore();
    store.open(file.toString(), false, (char[]) null);
    if (store.isReadOnly()) {
      throw DataFileException.notWritable(file);
    }
    return store;
  }

  /** H2 asks for 1 % after a commit and for 0 at a close or a compaction: only those shrink. */
  @Override
  protected void shrinkStoreIfPossible(int minPercent) {
    if (minPercent == 0) {
      super.shrinkStoreIfPossible(minPercent);
    }
  }
}
