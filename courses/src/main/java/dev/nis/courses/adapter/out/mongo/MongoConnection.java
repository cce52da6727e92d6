package dev.nis.courses.adapter.out.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB the courses service uses: the one at {@code MONGO_URI}, or, when none is given, the
 * embedded wire-protocol server (mongo-java-server) over the data file in the data directory, with
 * a warning when the heap is too small for it ({@link EmbeddedStoreHeap}). Closing it closes the
 * client, then the embedded server.
 */
public record MongoConnection(MongoClient client, Optional<InProcessMongo> embedded)
    implements AutoCloseable {
  /**
   * Connects to {@code uri}, or, when it is empty, starts the embedded server over {@code dataDir}
   * on 127.0.0.1:{@code embeddedPort} (0: a free port) and connects to that; each command traced
   * ({@link MongoConnector#connect(String, OpenTelemetry)}).
   *
   * @throws IllegalStateException when another process uses the embedded server's data file
   */
  public static MongoConnection open(
      Optional<String> uri, Path dataDir, int embeddedPort, OpenTelemetry openTelemetry) {
    if (uri.isPresent()) {
      return new MongoConnection(
          MongoConnector.connect(uri.get(), openTelemetry), Optional.empty());
    }
    InProcessMongo embedded = InProcessMongo.onDisk(dataDir, embeddedPort);
    Logger log = LoggerFactory.getLogger(MongoConnection.class);
    log.info(
        "MONGO_URI is not set: using the embedded MongoDB over {}, served at {}",
        dataDir.resolve(InProcessMongo.DATA_FILE).toAbsolutePath(),
        embedded.connectionString());
    EmbeddedStoreHeap.advice(Runtime.getRuntime().maxMemory()).ifPresent(log::warn);
    return new MongoConnection(
        MongoConnector.connect(embedded.connectionString(), openTelemetry), Optional.of(embedded));
  }

  public MongoDatabase database(String name) {
    return client.getDatabase(name);
  }

  @Override
  public void close() {
    client.close();
    embedded.ifPresent(InProcessMongo::close);
  }
}
