package dev.nis.courses.adapter.out.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server over a data file: what it keeps, and when. */
class InProcessMongoOnDiskIT {
  private static final Document ALGEBRA = new Document("_id", "algebra").append("name", "Algebra");

  @TempDir Path dir;

  @Test
  void anAcknowledgedWrite_isInTheFileBeforeTheReply() throws Exception {
    Path snapshot = dir.resolve("snapshot");
    try (InProcessMongo server = InProcessMongo.onDisk(dir.resolve("data"))) {
      withCourses(server, courses -> courses.insertOne(ALGEBRA));
      // what the file holds right after the reply is what a kill -9 at that moment leaves
      copyDataFile(dir.resolve("data"), snapshot);
      withCourses(
          server,
          courses ->
              courses.updateOne(
                  new Document("_id", "algebra"),
                  new Document("$set", new Document("name", "Group theory"))));
      copyDataFile(dir.resolve("data"), snapshot.resolveSibling("snapshot-2"));
    }

    try (InProcessMongo copy = InProcessMongo.onDisk(snapshot)) {
      withCourses(copy, courses -> assertThat(courses.find().first()).isEqualTo(ALGEBRA));
    }
    try (InProcessMongo copy = InProcessMongo.onDisk(snapshot.resolveSibling("snapshot-2"))) {
      withCourses(
          copy,
          courses -> assertThat(courses.find().first()).containsEntry("name", "Group theory"));
    }
  }

  @Test
  void theData_outlivesTheServer() {
    try (InProcessMongo server = InProcessMongo.onDisk(dir)) {
      withCourses(server, courses -> courses.insertOne(ALGEBRA));
    }

    try (InProcessMongo restarted = InProcessMongo.onDisk(dir)) {
      withCourses(
          restarted,
          courses -> assertThat(courses.find(new Document("_id", "algebra")).first()).isNotNull());
    }
  }

  @Test
  void aDuplicateId_isADuplicateKeyError_afterARestartToo() {
    try (InProcessMongo server = InProcessMongo.onDisk(dir)) {
      withCourses(server, courses -> courses.insertOne(ALGEBRA));
    }

    try (InProcessMongo restarted = InProcessMongo.onDisk(dir)) {
      withCourses(
          restarted,
          courses ->
              assertThatThrownBy(() -> courses.insertOne(ALGEBRA))
                  .isInstanceOfSatisfying(
                      com.mongodb.MongoWriteException.class,
                      e ->
                          assertThat(e.getError().getCategory())
                              .isEqualTo(com.mongodb.ErrorCategory.DUPLICATE_KEY)));
    }
  }

  @Test
  void deletingTheFile_startsOver() throws Exception {
    try (InProcessMongo server = InProcessMongo.onDisk(dir)) {
      withCourses(server, courses -> courses.insertOne(ALGEBRA));
    }
    Files.delete(dir.resolve(InProcessMongo.DATA_FILE));

    try (InProcessMongo fresh = InProcessMongo.onDisk(dir)) {
      withCourses(fresh, courses -> assertThat(courses.countDocuments()).isZero());
    }
  }

  @Test
  void aSecondServerOnTheSameDirectory_isRefused_namingTheFile() {
    try (InProcessMongo server = InProcessMongo.onDisk(dir)) {
      assertThatThrownBy(() -> InProcessMongo.onDisk(dir))
          .hasMessageContaining(dir.resolve(InProcessMongo.DATA_FILE).toString())
          .hasMessageContaining("another process");
    }
  }

  @Test
  void theFile_isWhatMongoJavaServersOwnH2BackendReads() {
    try (InProcessMongo server = InProcessMongo.onDisk(dir)) {
      withCourses(server, courses -> courses.insertOne(ALGEBRA));
    }

    MongoServer plain =
        new MongoServer(new H2Backend(dir.resolve(InProcessMongo.DATA_FILE).toString()));
    try {
      String uri = "mongodb://127.0.0.1:" + plain.bind().getPort();
      try (MongoClient client = MongoConnector.connect(uri)) {
        assertThat(client.getDatabase("nis").getCollection("courses").find().first())
            .isEqualTo(ALGEBRA);
      }
    } finally {
      plain.shutdownNow();
    }
  }

  private static void withCourses(
      InProcessMongo server, Consumer<MongoCollection<Document>> action) {
    try (MongoClient client = MongoConnector.connect(server.connectionString())) {
      action.accept(client.getDatabase("nis").getCollection("courses"));
    }
  }

  private static void copyDataFile(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    Files.copy(from.resolve(InProcessMongo.DATA_FILE), to.resolve(InProcessMongo.DATA_FILE));
  }
}
