package dev.nis.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nis.common.jetstream.NatsConnector;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The ceilings that are a raw driver doing the database's or the broker's part of a case alone,
 * from this JVM, at the case's concurrency.
 */
final class Raw implements AutoCloseable {
  private final Stack stack;
  private final MongoClient mongo;
  private final HikariDataSource postgres;
  private final Connection nats;

  Raw(Stack stack, int poolSize) throws Exception {
    this.stack = stack;
    mongo = MongoClients.create(stack.mongoUri);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(Stack.POSTGRES_URL);
    config.setUsername("postgres");
    config.setMaximumPoolSize(poolSize);
    config.setSchema(stack.schema);
    postgres = new HikariDataSource(config);
    // the services' own connection settings, so that the ceiling is measured as they publish
    nats = NatsConnector.connect(Stack.NATS_URL, "nis-bench-raw");
  }

  /** MongoDB find-by-id of the courses the service holds. */
  ClosedLoop.Call mongoFindById(List<String> courseIds) {
    MongoCollection<Document> courses =
        mongo.getDatabase(stack.mongoDatabase).getCollection("courses");
    return () -> {
      String id = courseIds.get(ThreadLocalRandom.current().nextInt(courseIds.size()));
      if (courses.find(Filters.eq("_id", new ObjectId(id))).first() == null) {
        throw new IllegalStateException("no course " + id);
      }
    };
  }

  /** MongoDB insert of a course-sized document into a collection of its own. */
  ClosedLoop.Call mongoInsert() {
    MongoCollection<Document> inserts =
        mongo.getDatabase(stack.mongoDatabase).getCollection("raw_inserts");
    return () ->
        inserts.insertOne(
            new Document("name", "Raw " + UUID.randomUUID())
                .append("description", "Inserted by the benchmark")
                .append("discipline", "Benchmarking")
                .append("teacher", "driver")
                .append("student_ids", List.of())
                .append("applied_seq", 1L));
  }

  /** PostgreSQL primary-key select of the students the service holds. */
  ClosedLoop.Call postgresSelectById(List<String> studentIds) {
    return () -> {
      String id = studentIds.get(ThreadLocalRandom.current().nextInt(studentIds.size()));
      try (var db = postgres.getConnection();
          PreparedStatement select =
              db.prepareStatement(
                  "SELECT id, name, first_name, last_name, course_ids FROM students"
                      + " WHERE id = ? AND NOT deleted")) {
        select.setObject(1, UUID.fromString(id));
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            throw new IllegalStateException("no student " + id);
          }
        }
      }
    };
  }

  /** PostgreSQL insert of a student-sized row into a table of its own (in the run's schema). */
  ClosedLoop.Call postgresInsert() throws Exception {
    try (var db = postgres.getConnection();
        var statement = db.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS raw_inserts (id uuid PRIMARY KEY, name text NOT NULL,"
              + " first_name text NOT NULL, last_name text NOT NULL, course_ids text[] NOT NULL,"
              + " applied_seq bigint NOT NULL)");
    }
    return () -> {
      try (var db = postgres.getConnection();
          PreparedStatement insert =
              db.prepareStatement(
                  "INSERT INTO raw_inserts (id, name, first_name, last_name, course_ids,"
                      + " applied_seq) VALUES (?, ?, 'First', 'Last', '{}', 1)")) {
        UUID id = UUID.randomUUID();
        insert.setObject(1, id);
        insert.setString(2, "Raw " + id.toString().substring(0, 8));
        insert.executeUpdate();
      }
    };
  }

  /** PostgreSQL: the students of one course (the query behind "students of a course"). */
  ClosedLoop.Call postgresStudentsOfCourse(String courseId) {
    return () -> {
      try (var db = postgres.getConnection();
          PreparedStatement select =
              db.prepareStatement(
                  "SELECT id, name, first_name, last_name, course_ids FROM students"
                      + " WHERE course_ids @> ARRAY[?]::text[] AND NOT deleted ORDER BY id")) {
        select.setString(1, courseId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            rows.getString(1);
          }
        }
      }
    };
  }

  /** A JetStream publish that waits for the stream's ack, into a file stream of its own. */
  ClosedLoop.Call jetStreamPublish() throws Exception {
    String stream = stack.namespace + "_bench_publish";
    String subject = stack.namespace + ".bench.publish";
    JetStreamManagement jsm = nats.jetStreamManagement();
    jsm.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(subject)
            .storageType(StorageType.File)
            .build());
    JetStream js = nats.jetStream();
    byte[] payload = Data.course(1).getBytes(StandardCharsets.UTF_8);
    return () -> js.publish(subject, payload);
  }

  @Override
  public void close() throws Exception {
    try {
      nats.jetStreamManagement().deleteStream(stack.namespace + "_bench_publish");
    } catch (Exception notCreated) {
      // the publish ceiling did not run
    }
    nats.close();
    postgres.close();
    mongo.close();
  }
}
