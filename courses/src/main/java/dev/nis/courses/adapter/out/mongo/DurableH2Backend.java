package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend (an MVStore file) made durable per write: every command that may
 * change data commits the store before its reply is sent, so a write the driver saw acknowledged is
 * in the file (in the operating system's hands: it survives {@code kill -9}; nothing is fsync'ed,
 * so a crash of the machine may lose the last writes or damage the file). Like {@link
 * KeyedMemoryBackend}, its collections answer a filter naming one {@code _id} through the {@code
 * _id} index, and it keeps no oplog.
 *
 * <p>Group commit comes with MVStore: {@link MVStore#commit()} holds the store lock and writes
 * every change made so far in one chunk. Writes that finish while a commit runs wait for that lock;
 * the first of them to get it writes all of their changes at once, the others find nothing left.
 */
final class DurableH2Backend extends H2Backend {
  /** What {@link MVStore#commit()} returns when it found nothing to write. */
  private static final long NOTHING_COMMITTED = -1;

  /** Commands (lower case) that never change stored data: no commit after them. */
  private static final Set<String> READS =
      Set.of(
          "find",
          "getmore",
          "count",
          "distinct",
          "listcollections",
          "listindexes",
          "listdatabases",
          "killcursors",
          "endsessions",
          "ping",
          "hello",
          "ismaster",
          "buildinfo",
          "whatsmyuri",
          "serverstatus",
          "dbstats",
          "collstats",
          "getlasterror",
          "getparameter",
          "hostinfo",
          "connectionstatus");

  private DurableH2Backend(MVStore store) {
    super(store);
  }

  /**
   * Opens (or creates) the store in {@code file}; fails when another process holds it.
   *
   * <p>Every write is a commit, and every commit appends a chunk of the pages it changed. H2 keeps
   * dead chunks for 45 s by default, which grew the file to 1.1 GiB over 26,000 inserts; reusing
   * their space at once (retention 0) and compressing pages (LZF) kept it at 9 MiB, at the same
   * rate. That retention guards against a machine crash writing the file's blocks out of order; a
   * process crash does not need it.
   */
  static DurableH2Backend open(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).compress().open();
    store.setRetentionTime(0);
    return new DurableH2Backend(store);
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      if (!READS.contains(command.toLowerCase(Locale.ROOT))) {
        commitWrites();
      }
    }
  }

  /**
   * Returns once every change made before the call is in the file. A commit that finds nothing to
   * write may mean that H2's background auto-commit (asynchronous) took the change and is still
   * writing it, so that case waits for the store's writers to finish.
   */
  private void commitWrites() {
    MVStore store = getMvStore();
    if (store.commit() == NOTHING_COMMITTED) {
      store.executeFilestoreOperation(() -> {});
    }
  }

  @Override
  public void enableOplog() {
    // no oplog: nothing here reads change streams, and it would keep every write forever
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new KeyedDatabase(databaseName, getMvStore(), getCursorRegistry());
  }

  /**
   * Inner, not static: H2Database's constructor opens the existing collections before a field of a
   * subclass is set, so the store is taken from the enclosing backend (set by then).
   */
  private final class KeyedDatabase extends H2Database {
    KeyedDatabase(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
      super(databaseName, store, cursorRegistry);
    }

    /** The maps H2Database names for a collection ({@code databases.} and {@code meta.}). */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      String name = getFullCollectionNamespace(collectionName);
      MVMap<Object, Document> data = getMvStore().openMap("databases." + name);
      MVMap<String, Object> meta = getMvStore().openMap("meta." + name);
      return new KeyedCollection(this, collectionName, options, data, meta, cursorRegistry);
    }
  }

  private static final class KeyedCollection extends H2Collection implements ScanCounting {
    private final LongAdder scans = new LongAdder();

    KeyedCollection(
        MongoDatabase database,
        String collectionName,
        CollectionOptions options,
        MVMap<Object, Document> data,
        MVMap<String, Object> meta,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, data, meta, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      return KeyLookup.candidates(getIndexes(), query, getIdField())
          .map(
              positions ->
                  matchDocuments(
                      query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector))
          .orElseGet(
              () ->
                  super.queryDocuments(
                      query, orderBy, numberToSkip, limit, batchSize, fieldSelector));
    }

    @Override
    protected QueryResult matchDocuments(
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      scans.increment();
      return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    public long scans() {
      return scans.sum();
    }
  }
}
