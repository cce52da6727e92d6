package dev.nis.courses.adapter.out.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file under a write-then-delete load, one commit per change as {@link DurableH2Backend} makes
 * them: H2's own store gives the freed tail back between commits (forcing the file to disk first),
 * this one only at the close.
 */
class ShrinkOnCloseFileStoreTest {
  private static final int ENTRIES = 2_000;

  @TempDir Path dir;

  @Test
  void betweenCommits_theFileNeverShrinks_andTheCloseGivesTheFreeTailBack() throws Exception {
    Path file = dir.resolve("store.mv.db");
    Sizes sizes =
        writeThenDelete(
            file,
            path ->
                new MVStore.Builder()
                    .adoptFileStore(ShrinkOnCloseFileStore.open(path))
                    .autoCommitDisabled()
                    .open());

    assertThat(sizes.shrinksWhileOpen).isZero();
    assertThat(sizes.afterClose).isLessThan(sizes.largestWhileOpen);
  }

  /** The load below does make H2's own store shrink the file while writing: the case is real. */
  @Test
  void h2sOwnStore_shrinksTheFileBetweenCommits() throws Exception {
    Sizes sizes =
        writeThenDelete(
            dir.resolve("store.mv.db"),
            path -> new MVStore.Builder().fileName(path.toString()).autoCommitDisabled().open());

    assertThat(sizes.shrinksWhileOpen).isPositive();
  }

  @Test
  void theData_isReadBackAfterAReopen() {
    Path file = dir.resolve("store.mv.db");
    try (MVStore store =
        new MVStore.Builder().adoptFileStore(ShrinkOnCloseFileStore.open(file)).open()) {
      store.<Integer, String>openMap("courses").put(1, "Algebra");
      store.commit();
    }
    try (MVStore store =
        new MVStore.Builder().adoptFileStore(ShrinkOnCloseFileStore.open(file)).open()) {
      assertThat(store.<Integer, String>openMap("courses").get(1)).isEqualTo("Algebra");
    }
  }

  private record Sizes(int shrinksWhileOpen, long largestWhileOpen, long afterClose) {}

  private static Sizes writeThenDelete(Path file, Function<Path, MVStore> open) throws Exception {
    Random random = new Random(ENTRIES);
    int shrinks = 0;
    long largest = 0;
    long last = 0;
    try (MVStore store = open.apply(file)) {
      store.setRetentionTime(0); // as DurableH2Backend: freed chunks are reused at once
      MVMap<Integer, byte[]> map = store.openMap("entries");
      for (int i = 0; i < 2 * ENTRIES; i++) {
        if (i < ENTRIES) {
          byte[] value = new byte[1_024];
          random.nextBytes(value);
          map.put(i, value);
        } else {
          map.remove(i - ENTRIES);
        }
        store.commit();
        long size = Files.size(file);
        if (size < last) {
          shrinks++;
        }
        last = size;
        largest = Math.max(largest, size);
      }
    }
    return new Sizes(shrinks, largest, Files.size(file));
  }
}
