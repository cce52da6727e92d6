package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.concurrent.atomic.LongAdder;

/**
 * mongo-java-server's in-memory backend whose collections answer a filter naming one {@code _id}
 * through the {@code _id} index ({@link KeyLookup}), and which keeps no oplog (nothing here reads
 * change streams, and the oplog would keep every write for the life of the process).
 */
final class KeyedMemoryBackend extends MemoryBackend {
  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new KeyedDatabase(databaseName, getCursorRegistry());
  }

  @Override
  public void enableOplog() {
    // no oplog: see the class comment
  }

  private static final class KeyedDatabase extends MemoryDatabase {
    KeyedDatabase(String databaseName, CursorRegistry cursorRegistry) {
      super(databaseName, cursorRegistry);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      return new KeyedCollection(this, collectionName, options, cursorRegistry);
    }
  }

  private static final class KeyedCollection extends MemoryCollection implements ScanCounting {
    private final LongAdder scans = new LongAdder();

    KeyedCollection(
        MongoDatabase database,
        String collectionName,
        CollectionOptions options,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, cursorRegistry);
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
