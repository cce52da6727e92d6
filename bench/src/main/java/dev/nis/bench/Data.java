package dev.nis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The data the reads run on: courses and students created through the public API (so they sit in
 * the databases exactly as users' data would), some students enrolled in the first course.
 */
record Data(
    List<String> courseIds,
    List<String> studentIds,
    String enrolledCourse,
    int enrolled,
    Path courseIdsFile,
    Path studentIdsFile,
    Path enrolledCourseFile) {

  static Data load(Stack stack, int courses, int students, int enrolled, Path dir)
      throws Exception {
    List<String> courseIds =
        create(courses, i -> post(stack.coursesUrl() + "/api/courses", course(i)));
    String first = courseIds.get(0);
    List<String> studentIds =
        create(
            students,
            i ->
                post(
                    stack.studentsUrl() + "/api/students",
                    student(i, i < enrolled ? first : null)));
    awaitAll(stack.coursesUrl() + "/api/courses/", courseIds);
    awaitAll(stack.studentsUrl() + "/api/students/", studentIds);
    awaitEnrolled(stack.coursesUrl() + "/api/courses/" + first + "/students", enrolled);
    Path courseFile = Files.write(dir.resolve("course-ids.txt"), courseIds);
    Path studentFile = Files.write(dir.resolve("student-ids.txt"), studentIds);
    Path enrolledFile = Files.write(dir.resolve("enrolled-course.txt"), List.of(first));
    return new Data(courseIds, studentIds, first, enrolled, courseFile, studentFile, enrolledFile);
  }

  /**
   * Every live student's id, read page by page through the API (including those the benchmark's
   * load created, whose ids only the service knows).
   */
  static List<String> allStudentIds(Stack stack) throws Exception {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      String url =
          stack.studentsUrl()
              + "/api/students?limit=1000"
              + (cursor == null
                  ? ""
                  : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      JsonNode page = Http.get(url).json();
      page.path("data").forEach(student -> ids.add(student.path("id").asText()));
      cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
    } while (cursor != null);
    return ids;
  }

  /**
   * Documents in the courses collection (live courses and tombstones): the {@code count} command,
   * which the embedded store answers from its map's size; {@code countDocuments} is an aggregation
   * there that reads every document into the heap first (out of memory at ~50,000 in the courses
   * service). A real MongoDB answers it from the collection's metadata, exact after a clean stop.
   */
  static long storedCourses(Stack stack) {
    try (MongoClient mongo = MongoClients.create(stack.mongoUri)) {
      return mongo
          .getDatabase(stack.mongoDatabase)
          .getCollection("courses")
          .estimatedDocumentCount();
    }
  }

  /**
   * Fills the courses collection up to {@code total} documents directly, not through the API (100k
   * creates through the service would take longer than the whole benchmark): documents of the shape
   * the service writes (courses' {@code CourseDocumentMapper}), with {@code applied_seq} 0 as if
   * written before any command.
   *
   * @return how many were added
   */
  static long fillCourses(Stack stack, long total) {
    try (MongoClient mongo = MongoClients.create(stack.mongoUri)) {
      MongoCollection<Document> courses =
          mongo.getDatabase(stack.mongoDatabase).getCollection("courses");
      long missing = total - courses.estimatedDocumentCount();
      List<Document> batch = new ArrayList<>();
      for (long i = 0; i < missing; i++) {
        batch.add(
            new Document("_id", new ObjectId())
                .append("applied_seq", 0L)
                .append("deleted", false)
                .append("name", "Stored " + i)
                .append("description", "Stored by the benchmark")
                .append("discipline", "Benchmarking")
                .append("teacher", "Teacher " + i % 50)
                .append("student_ids", List.of()));
        if (batch.size() == 1000 || i == missing - 1) {
          courses.insertMany(batch);
          batch.clear();
        }
      }
      return Math.max(0, missing);
    }
  }

  /**
   * Deletes the courses of these teachers directly from the collection, not through the API (the
   * service would keep tombstones): what the creates of a load added. A walk in {@code _id} order,
   * a page of {@value #DELETE_PAGE} matches at a time, each page deleted by key in one bulk write:
   * the embedded store answers that shape by walking its keys and holds one page at a time, where a
   * {@code deleteMany} on {@code teacher} (it has no index on it) reads every match into the heap
   * at once, which in the courses service's 96 MiB ran out at ~50,000 (2026-12-06).
   *
   * @return how many were deleted
   */
  static long deleteCoursesOf(Stack stack, String... teachers) {
    try (MongoClient mongo = MongoClients.create(stack.mongoUri)) {
      MongoCollection<Document> courses =
          mongo.getDatabase(stack.mongoDatabase).getCollection("courses");
      Bson ofTeachers = Filters.in("teacher", List.of(teachers));
      long deleted = 0;
      ObjectId after = null;
      while (true) {
        List<ObjectId> page =
            courses
                .find(
                    after == null ? ofTeachers : Filters.and(Filters.gt("_id", after), ofTeachers))
                .projection(Projections.include("_id"))
                .sort(Sorts.ascending("_id"))
                .limit(DELETE_PAGE)
                .map(course -> course.getObjectId("_id"))
                .into(new ArrayList<>());
        if (page.isEmpty()) {
          return deleted;
        }
        courses.bulkWrite(
            page.stream().map(id -> new DeleteOneModel<Document>(Filters.eq("_id", id))).toList(),
            new BulkWriteOptions().ordered(false));
        deleted += page.size();
        after = page.getLast();
      }
    }
  }

  private static final int DELETE_PAGE = 1_000;

  private interface Create {
    String create(int i) throws Exception;
  }

  private static List<String> create(int count, Create create) throws Exception {
    List<Future<String>> ids = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < count; i++) {
        int n = i;
        ids.add(pool.submit(() -> create.create(n)));
      }
    }
    List<String> created = new ArrayList<>();
    for (Future<String> id : ids) {
      created.add(id.get());
    }
    return Collections.unmodifiableList(created);
  }

  private static String post(String url, String body) throws Exception {
    Http.Reply reply = Http.post(url, body, null);
    if (reply.status() != 202) {
      throw new IOException("POST " + url + " answered " + reply.status() + ": " + reply.body());
    }
    return reply.json().path("data").path("id").asText();
  }

  static String course(int i) {
    return course(i, "Teacher " + i % 50);
  }

  /** A course's create body; {@code teacher} tells a load's courses from the data set's. */
  static String course(int i, String teacher) {
    return "{\"name\":\"Course %d\",\"description\":\"Loaded by the benchmark\",\"discipline\":\"Benchmarking\",\"teacher\":%s}"
        .formatted(i, Http.quote(teacher));
  }

  private static String student(int i, String courseId) {
    String courses = courseId == null ? "[]" : "[" + Http.quote(courseId) + "]";
    return "{\"name\":\"student%d\",\"first_name\":\"First%d\",\"last_name\":\"Last%d\",\"course_ids\":%s}"
        .formatted(i, i, i, courses);
  }

  private static void awaitAll(String prefix, List<String> ids) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (String id : ids) {
      while (Http.get(prefix + id).status() != 200) {
        if (System.nanoTime() > deadline) {
          throw new IOException(prefix + id + " was never applied");
        }
        Thread.sleep(20);
      }
    }
  }

  private static void awaitEnrolled(String url, int enrolled) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      Http.Reply reply = Http.get(url);
      if (reply.status() == 200 && reply.json().path("data").size() == enrolled) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException(url + " never listed " + enrolled + " students");
  }
}
