package dev.nis.courses.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.courses.adapter.out.mongo.MongoConnector;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;

/**
 * A MongoDB database of its own for each test class, dropped after the class:
 *
 * <pre>{@code @RegisterExtension static final TestMongo mongo = new TestMongo();}</pre>
 *
 * The server is shared by the whole test run and chosen once: the one at {@code MONGO_URI} when
 * set, else a Testcontainers MongoDB when Docker is there, else an {@link InProcessMongo}.
 */
public final class TestMongo implements BeforeAllCallback, AfterAllCallback {
  private static final Namespace NAMESPACE = Namespace.create(TestMongo.class);

  private MongoDatabase database;
  private Server server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("server", key -> Server.start(), Server.class);
    String name =
        "it_"
            + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
            + "_"
            + UUID.randomUUID().toString().substring(0, 8);
    database = server.client.getDatabase(name);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (database != null) {
      database.drop();
    }
  }

  /** The connection string of the server, for a service under test to connect to. */
  public String uri() {
    if (server == null) {
      throw new IllegalStateException("register TestMongo as a static @RegisterExtension field");
    }
    return server.uri();
  }

  public String databaseName() {
    return database().getName();
  }

  public MongoDatabase database() {
    if (database == null) {
      throw new IllegalStateException("register TestMongo as a static @RegisterExtension field");
    }
    return database;
  }

  /** The server the run uses and a client of it; closed when the whole run ends. */
  private record Server(String kind, String uri, MongoClient client, AutoCloseable owned)
      implements ExtensionContext.Store.CloseableResource {
    static Server start() {
      String uri = System.getenv("MONGO_URI");
      if (uri != null && !uri.isBlank()) {
        return new Server("MONGO_URI", uri, MongoConnector.connect(uri), () -> {});
      }
      if (DockerClientFactory.instance().isDockerAvailable()) {
        MongoDBContainer container = new MongoDBContainer("mongo:7.0");
        container.start();
        String url = container.getConnectionString();
        return new Server("testcontainers", url, MongoConnector.connect(url), container);
      }
      InProcessMongo inProcess = InProcessMongo.start();
      String url = inProcess.connectionString();
      return new Server("in-process", url, MongoConnector.connect(url), inProcess);
    }

    @Override
    public void close() throws Exception {
      client.close();
      owned.close();
    }
  }
}
