package dev.nis.courses.adapter.out.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store scenarios of {@link MongoCourseRepositoryIT} again, over the embedded server's data
 * file (the default without {@code MONGO_URI}).
 */
class MongoCourseRepositoryOnDiskIT extends MongoCourseRepositoryIT {
  @TempDir static Path dataDir;

  private static InProcessMongo server;
  private static MongoClient client;

  @BeforeAll
  static void startOnDisk() {
    server = InProcessMongo.onDisk(dataDir);
    client = MongoConnector.connect(server.connectionString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Override
  protected MongoDatabase database() {
    return client.getDatabase("nis");
  }

  @Test
  void theIndexes_areThereAfterARestart(@TempDir Path dir) {
    try (InProcessMongo first = InProcessMongo.onDisk(dir);
        MongoClient firstClient = MongoConnector.connect(first.connectionString())) {
      new MongoCourseRepository(firstClient.getDatabase("nis")).ensureIndexes();
    }

    try (InProcessMongo again = InProcessMongo.onDisk(dir);
        MongoClient againClient = MongoConnector.connect(again.connectionString())) {
      MongoDatabase database = againClient.getDatabase("nis");
      new MongoCourseRepository(database).ensureIndexes();

      assertThat(indexKeys(database.getCollection(MongoCourseRepository.COLLECTION)))
          .contains(
              new Document("_id", 1), new Document("student_ids", 1), new Document("deleted", 1));
    }
  }
}
