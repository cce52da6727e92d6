package dev.nis.courses.adapter.out.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.nis.common.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.mongo.v3_1.MongoTelemetry;
import java.util.concurrent.TimeUnit;

/**
 * Builds the MongoDB client with short timeouts, so that a database that is down fails a call in
 * seconds (answered 503) instead of holding it for the driver's default 30 s. Options written in
 * the URI (e.g. {@code serverSelectionTimeoutMS}) win over these defaults.
 */
public final class MongoConnector {
  static final int SERVER_SELECTION_TIMEOUT_MS = 2_000;
  static final int CONNECT_TIMEOUT_MS = 2_000;
  static final int SOCKET_READ_TIMEOUT_MS = 10_000;

  private MongoConnector() {}

  /** A client for the URI; it connects lazily, so this does not fail when the database is down. */
  public static MongoClient connect(String uri) {
    return connect(uri, OpenTelemetry.noop());
  }

  /**
   * As above, each command a client span (opentelemetry-mongo-3.1's command listener: {@code
   * db.system.name=mongodb}, the command's name and collection) under the current span; without the
   * listener when {@code openTelemetry} makes no spans ({@link Tracing#makesSpans}).
   */
  public static MongoClient connect(String uri, OpenTelemetry openTelemetry) {
    MongoClientSettings.Builder settings = MongoClientSettings.builder(settings(uri));
    if (Tracing.makesSpans(openTelemetry)) {
      settings.addCommandListener(MongoTelemetry.create(openTelemetry).createCommandListener());
    }
    return MongoClients.create(settings.build());
  }

  static MongoClientSettings settings(String uri) {
    return MongoClientSettings.builder()
        .applicationName("nis-courses")
        .applyToClusterSettings(
            cluster ->
                cluster.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT_MS, TimeUnit.MILLISECONDS))
        .applyToSocketSettings(
            socket ->
                socket
                    .connectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .readTimeout(SOCKET_READ_TIMEOUT_MS, TimeUnit.MILLISECONDS))
        .applyConnectionString(new ConnectionString(uri))
        .build();
  }
}
