package dev.nis.courses.adapter.out.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.nis.common.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.types.ObjectId;
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
  void onAGivenPort_aClientOfThatAddress_findsTheDataAgainAfterARestart() {
    int port = Ports.free();
    try (MongoClient client = MongoConnector.connect("mongodb://127.0.0.1:" + port)) {
      MongoCollection<Document> courses = client.getDatabase("nis").getCollection("courses");
      try (InProcessMongo server = InProcessMongo.onDisk(dir, port)) {
        assertThat(server.port()).isEqualTo(port);
        courses.insertOne(ALGEBRA);
      }

      try (InProcessMongo restarted = InProcessMongo.onDisk(dir, port)) {
        assertThat(courses.find(new Document("_id", "algebra")).first()).isEqualTo(ALGEBRA);
      }
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
          .isInstanceOf(DataFileException.class)
          .hasMessageContaining(dir.resolve(InProcessMongo.DATA_FILE).toString())
          .hasMessageContaining("locked");
    }
  }

  /**
   * A damaged file is refused with H2's own reason: every failure to open read "is another process
   * using it?", which hid a damaged file's (found by a fresh helper).
   */
  @Test
  void aDamagedFile_isRefused_namingWhatIsWrongWithIt() throws Exception {
    try (InProcessMongo server = InProcessMongo.onDisk(dir)) {
      withCourses(
          server,
          courses -> {
            for (int i = 0; i < 200; i++) {
              courses.insertOne(new Document("_id", "course-" + i).append("name", "Course " + i));
            }
          });
    }
    Path file = dir.resolve(InProcessMongo.DATA_FILE);
    // both of H2's file headers (the first two 4 KiB blocks) overwritten
    try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[8192]), 0);
    }

    assertThatThrownBy(() -> InProcessMongo.onDisk(dir).close())
        .isInstanceOf(DataFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContainingAll("orrupt")
        .hasMessageNotContaining("another process");
  }

  /**
   * A file this process may read but not write is refused: H2 opened it read-only, and the service
   * read ready and answered 202 for commands that never applied (found by a fresh helper). Made
   * unwritable by its mode, or, for root (whom modes do not stop), by the immutable attribute.
   */
  @Test
  void aFileThisProcessMayNotWrite_isRefused_namingIt() throws Exception {
    try (InProcessMongo server = InProcessMongo.onDisk(dir)) {
      withCourses(server, courses -> courses.insertOne(ALGEBRA));
    }
    Path file = dir.resolve(InProcessMongo.DATA_FILE);
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      assumeTrue(
          attribute("+i", file),
          "needs chattr and a file system with the immutable attribute, to stop root writing");
    } else {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    }
    try {
      assertThatThrownBy(() -> InProcessMongo.onDisk(dir).close())
          .isInstanceOf(DataFileException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("cannot be written");
    } finally {
      if (root) {
        attribute("-i", file);
      } else {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
  }

  private static boolean attribute(String change, Path file) throws Exception {
    try {
      Process chattr =
          new ProcessBuilder("chattr", change, file.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return chattr.waitFor() == 0;
    } catch (java.io.IOException noChattr) {
      return false;
    }
  }

  /**
   * Files written before the store wrote BSON ({@link BsonDataType}), by mongo-java-server's own H2
   * backend as by this service's earlier versions, are read and written on: the documents, their
   * ids, and the {@code _id} index's order (a duplicate is still found, a new id still inserted).
   */
  @Test
  void aFileOfMongoJavaServersOwnH2Backend_isReadAndWrittenOn() {
    List<Document> before = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      before.add(new Document("_id", new ObjectId()).append("name", "Course " + i));
    }
    before.add(ALGEBRA);
    MongoServer plain =
        new MongoServer(new H2Backend(dir.resolve(InProcessMongo.DATA_FILE).toString()));
    try {
      String uri = "mongodb://127.0.0.1:" + plain.bind().getPort();
      try (MongoClient client = MongoConnector.connect(uri)) {
        client.getDatabase("nis").getCollection("courses").insertMany(before);
      }
    } finally {
      plain.shutdownNow();
    }

    Document added = new Document("_id", new ObjectId()).append("name", "Topology");
    try (InProcessMongo server = InProcessMongo.onDisk(dir)) {
      withCourses(
          server,
          courses -> {
            for (Document course : before) {
              assertThat(courses.find(new Document("_id", course.get("_id"))).first())
                  .isEqualTo(course);
            }
            assertThatThrownBy(() -> courses.insertOne(before.get(57)))
                .isInstanceOf(com.mongodb.MongoWriteException.class);
            courses.insertOne(added);
          });
    }
    try (InProcessMongo restarted = InProcessMongo.onDisk(dir)) {
      withCourses(
          restarted,
          courses -> {
            assertThat(courses.find(new Document("_id", added.get("_id"))).first())
                .isEqualTo(added);
            assertThat(courses.countDocuments()).isEqualTo(before.size() + 1);
          });
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
