package dev.nis.courses.adapter.out.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** Answers the readiness probe: can the database answer a ping within a short time. */
public final class MongoReadiness {
  private static final Document PING = new Document("ping", 1);

  private final MongoDatabase database;

  public MongoReadiness(MongoDatabase database) {
    this(database, Duration.ofSeconds(1));
  }

  public MongoReadiness(MongoDatabase database, Duration timeout) {
    this.database = database.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isReady() {
    try {
      database.runCommand(PING);
      return true;
    } catch (MongoException e) {
      return false;
    }
  }
}
