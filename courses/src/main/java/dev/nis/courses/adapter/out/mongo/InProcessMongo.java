package dev.nis.courses.adapter.out.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * An in-memory MongoDB wire-protocol server (mongo-java-server) on 127.0.0.1, for local runs
 * without {@code MONGO_URI} and for tests. Its data lives as long as the process; it has no
 * transactions or change streams, so nothing here relies on them.
 */
public final class InProcessMongo implements AutoCloseable {
  private final MongoServer server;
  private final InetSocketAddress address;

  private InProcessMongo(MongoServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
  }

  /** Starts a server on a free port. */
  public static InProcessMongo start() {
    return start(0);
  }

  /** Starts a server on the given port (0 for a free one). */
  public static InProcessMongo start(int port) {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", port);
    return new InProcessMongo(server, server.getLocalAddress());
  }

  public int port() {
    return address.getPort();
  }

  /** A connection string for {@link MongoConnector#connect(String)}. */
  public String connectionString() {
    return "mongodb://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
