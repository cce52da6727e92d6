package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStoreException;

/**
 * An embedded MongoDB wire-protocol server (mongo-java-server) on 127.0.0.1, for runs without
 * {@code MONGO_URI} and for tests: {@link #onDisk} keeps the data in one file that outlives the
 * process (H2's MVStore; every acknowledged write is in the file, see {@link DurableH2Backend}),
 * {@link #start} keeps it in memory for as long as the process lives. Either answers a filter
 * naming one {@code _id} through the {@code _id} index ({@link KeyLookup}). It has no transactions,
 * change streams or secondary indexes, so nothing here relies on them.
 */
public final class InProcessMongo implements AutoCloseable {
  /** The file {@link #onDisk} keeps the data in, inside its directory. */
  public static final String DATA_FILE = "courses.mv.db";

  /**
   * The server's netty worker threads: 32, as many as the command partitions that apply writes at
   * once ({@code dev.nis.common.jetstream.Partitions.COUNT}), where mongo-java-server's default is
   * two per core. Each connection's commands run on one worker, and an on-disk server commits
   * between whole commands ({@link DurableH2Backend}): the writes that finish on other workers
   * while one commits share the next commit. With 4 workers (2 cores) a commit held 2.1 inserts
   * under sustained creates, with 32 it held 3.1; the courses service then applied ~14 % more
   * creates a second for ~15 % less CPU each (alternated runs: three with 4 workers, two with 32;
   * bench/analysis.md, 2026-12-02). An idle worker waits in {@code epoll_wait}, using no CPU.
   */
  static final int WORKER_THREADS = 32;

  private final MongoServer server;
  private final MongoBackend backend;
  private final InetSocketAddress address;

  private InProcessMongo(MongoBackend backend, int port) {
    this.backend = backend;
    this.server = new MongoServer(backend);
    server.bind(new InetSocketAddress("127.0.0.1", port), 1, WORKER_THREADS);
    this.address = server.getLocalAddress();
  }

  /** Starts an in-memory server on a free port. */
  public static InProcessMongo start() {
    return start(0);
  }

  /** Starts an in-memory server on the given port (0 for a free one). */
  public static InProcessMongo start(int port) {
    return new InProcessMongo(new KeyedMemoryBackend(), port);
  }

  /**
   * Starts a server on a free port over the data in {@code dataDir}/{@value #DATA_FILE} (the
   * directory and the file are created when missing).
   *
   * @throws DataFileException when another process uses the file, it is damaged, or this process
   *     may not write it
   */
  public static InProcessMongo onDisk(Path dataDir) {
    return onDisk(dataDir, 0);
  }

  /** As {@link #onDisk(Path)}, on the given port of 127.0.0.1 (0 for a free one). */
  public static InProcessMongo onDisk(Path dataDir, int port) {
    Path file = dataDir.resolve(DATA_FILE);
    DurableH2Backend backend;
    try {
      Files.createDirectories(dataDir);
      backend = DurableH2Backend.open(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    } catch (MVStoreException e) {
      // H2's message says which: "The file is locked" (another process), "File corrupted in
      // chunk …"; a message that guessed the lock hid a damaged file's (found by a fresh helper)
      throw DataFileException.cannotOpen(file, e);
    }
    try {
      return new InProcessMongo(backend, port);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  public int port() {
    return address.getPort();
  }

  /** A connection string for {@link MongoConnector#connect(String)}. */
  public String connectionString() {
    return "mongodb://127.0.0.1:" + port();
  }

  /**
   * How many queries on this collection read all of its documents rather than going by key (0 for a
   * collection never used): lookups by {@code _id} leave it unchanged.
   */
  public long collectionScans(String database, String collection) {
    return backend.resolveDatabase(database).resolveCollection(collection, false)
            instanceof ScanCounting counted
        ? counted.scans()
        : 0;
  }

  /** Stops the server; an on-disk one writes what is left and closes its file. */
  @Override
  public void close() {
    server.shutdownNow();
  }
}
