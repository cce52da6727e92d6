package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend (an MVStore file) made durable per write: every command that may
 * change data commits the store before its reply is sent, so a write the driver saw acknowledged is
 * in the file (in the operating system's hands: it survives {@code kill -9}; nothing is fsync'ed,
 * so a crash of the machine may lose the last writes or damage the file). Like {@link
 * KeyedMemoryBackend}, its collections answer a filter naming one {@code _id} through the {@code
 * _id} index, and it keeps no oplog; a page in {@code _id} order walks the keys from the page's
 * start ({@link KeyOrder}) instead of reading the whole collection. The documents and the {@code
 * _id} index are written with {@link BsonDataType}, not Java serialization.
 *
 * <p>A command's changes span several maps (the documents and each index), and a commit writes
 * whatever the maps hold at that moment; so H2's background auto-commit is off (it could write a
 * document without its index entry, and a kill -9 then leaves a file whose {@code _id} index misses
 * a document: the redelivered insert fails with an "already existed" error instead of a duplicate
 * key), and a commit waits for the write commands running (they share a read lock, the commit takes
 * the write lock). Group commit follows: writes that finish while a commit runs wait for it; the
 * first of them to get the lock writes all of their changes at once, the others find nothing left.
 */
final class DurableH2Backend extends H2Backend {
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

  /** Write commands hold it shared; a commit holds it alone, between whole commands (fair). */
  private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock(true);

  private DurableH2Backend(MVStore store) {
    super(store);
  }

  /**
   * Opens (or creates) the store in {@code file}; fails when another process holds it.
   *
   * <p>Every write is a commit, and every commit appends a chunk of the pages it changed. H2 keeps
   * dead chunks for 45 s by default, which grew the file to 1.1 GiB over 26,000 inserts; reusing
   * their space at once (retention 0) and compressing pages (LZF) brought that down, at the same
   * rate. That retention guards against a machine crash writing the file's blocks out of order; a
   * process crash does not need it. The file still grows with the writes made more than with the
   * data kept: most pages of a commit's chunk are replaced by later commits while the chunk stays,
   * and after ~25,000 course creates from an empty file it held 52 MiB, 8 % of its chunks' bytes
   * live (H2's chunks fill rate, 2026-12-02). H2's {@code compact} and {@code compactFile}, run
   * between whole commands, did not raise that rate (bench/analysis.md); README says so. The file
   * gives back its free tail at a close only ({@link ShrinkOnCloseFileStore}): H2's shrink after a
   * commit forced the whole file to disk first.
   */
  static DurableH2Backend open(Path file) {
    ShrinkOnCloseFileStore fileStore = ShrinkOnCloseFileStore.open(file);
    MVStore store;
    try {
      store =
          new MVStore.Builder().adoptFileStore(fileStore).compress().autoCommitDisabled().open();
    } catch (RuntimeException e) {
      try {
        fileStore.close(); // releases the file's lock: the store did not take the file over
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    store.setRetentionTime(0);
    return new DurableH2Backend(store);
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    if (READS.contains(command.toLowerCase(Locale.ROOT))) {
      return super.handleCommand(channel, databaseName, command, query);
    }
    commands.readLock().lock();
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      commands.readLock().unlock();
      commitWrites();
    }
  }

  /** Returns once every change of every write command finished before the call is in the file. */
  private void commitWrites() {
    commands.writeLock().lock();
    try {
      getMvStore().commit();
    } finally {
      commands.writeLock().unlock();
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
      MVMap<Object, Document> data =
          getMvStore()
              .openMap(
                  "databases." + name,
                  new MVMap.Builder<Object, Document>()
                      .keyType(new BsonDataType())
                      .valueType(new BsonDataType()));
      MVMap<String, Object> meta = getMvStore().openMap("meta." + name);
      return new KeyedCollection(this, collectionName, options, data, meta, cursorRegistry);
    }

    /**
     * Opens the index's map (the name H2Database gives it) with {@link BsonDataType} first: the
     * superclass then opens it by name and gets this one, which MVStore keeps open.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      getMvStore()
          .openMap(
              getFullCollectionNamespace(collectionName) + "._index_" + indexName,
              new MVMap.Builder<KeyValue, Object>()
                  .keyType(new BsonDataType())
                  .valueType(new BsonDataType()));
      return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
  }

  private static final class KeyedCollection extends H2Collection implements ScanCounting {
    private final LongAdder scans = new LongAdder();
    private final MVMap<Object, Document> data;

    KeyedCollection(
        MongoDatabase database,
        String collectionName,
        CollectionOptions options,
        MVMap<Object, Document> data,
        MVMap<String, Object> meta,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, data, meta, cursorRegistry);
      this.data = data;
    }

    @Override
    protected QueryResult queryDocuments(
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      Optional<Iterable<Object>> byKey = KeyLookup.candidates(getIndexes(), query, getIdField());
      if (byKey.isPresent()) {
        return matchDocuments(
            query, byKey.get(), orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      if (limit > 0
          && KeyOrder.ascendingByKey(orderBy, getIdField())
          && KeyOrder.allObjectIds(data.firstKey(), data.lastKey())) {
        return matchDocumentsFromStream(
            query,
            inKeyOrder(KeyOrder.lowerBound(query, getIdField()).orElse(null)),
            numberToSkip,
            limit,
            batchSize,
            null,
            fieldSelector);
      }
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** The documents from the key {@code from} (the first when null) on, read as consumed. */
    private Stream<Document> inKeyOrder(Object from) {
      Cursor<Object, Document> cursor = data.cursor(from);
      Iterator<Document> documents =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return cursor.hasNext();
            }

            @Override
            public Document next() {
              cursor.next();
              return cursor.getValue();
            }
          };
      return StreamSupport.stream(
          Spliterators.spliteratorUnknownSize(documents, Spliterator.ORDERED), false);
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
