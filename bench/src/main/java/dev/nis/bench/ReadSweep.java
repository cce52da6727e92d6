package dev.nis.bench;

import dev.nis.common.testing.ServiceProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Cached reads by id at 1 to 1,024 connections, each level beside its two ceilings measured in the
 * same run: the same HTTP server answering a constant body of the same size ({@code
 * /bench/constant} of the courses service: the server's own limit), and {@code redis-benchmark} GET
 * of a value the size of a cached course over as many connections (the limit of any read served
 * from this Redis). The resident memory of each service is sampled while its cached reads run at 64
 * connections.
 */
final class ReadSweep {
  static final int[] LEVELS = {1, 16, 64, 256, 1024};
  static final int CONNECTIONS = 64;
  static final int MOST = 1024;

  static final String COURSES = "GET /api/courses/{id} (cached)";
  static final String STUDENTS = "GET /api/students/{id} (cached)";
  static final String CONSTANT = "constant route, same server";
  static final String REDIS = "redis-benchmark GET";

  /** The RSS each service may reach under its cached-GET load (issue 11). */
  static final long RSS_TARGET_BYTES = 160L << 20;

  private final Stack stack;
  private final Data data;
  private final Rounds rounds;
  private final Results results;
  private final Path script;

  ReadSweep(Bench bench) {
    this.stack = bench.stack();
    this.data = bench.data();
    this.rounds = bench.rounds();
    this.results = bench.results();
    this.script = bench.script();
  }

  void run() throws Exception {
    String courses = stack.coursesUrl();
    String students = stack.studentsUrl();
    int bytes = ReadCases.bodyBytes(courses + "/api/courses/" + data.courseIds().get(0));
    ReadCases.bodyBytes(students + "/api/students/" + data.studentIds().get(0));
    URI redis = URI.create(Stack.REDIS_URL);
    String key = stack.namespace + ":bench:get";
    int valueBytes = putValue(key, data.courseIds().get(0), bytes);
    results.memory("courses RSS after warm-up", ServiceMemory.rssBytes(stack.courses()));
    results.memory("students RSS after warm-up", ServiceMemory.rssBytes(stack.students()));
    for (int c : LEVELS) {
      List<String> names =
          List.of(
              COURSES + ", c=" + c,
              STUDENTS + ", c=" + c,
              CONSTANT + " (" + bytes + " B), c=" + c,
              REDIS + " (" + valueBytes + " B), c=" + c);
      List<Load> loads =
          List.of(
              new Wrk(script, courses, c, "ids", data.courseIdsFile().toString(), "/api/courses/"),
              new Wrk(
                  script, students, c, "ids", data.studentIdsFile().toString(), "/api/students/"),
              new Wrk(script, courses + "/bench/constant?bytes=" + bytes, c, "get"),
              new RedisBenchmark(redis.getHost(), redis.getPort(), c, key));
      List<Measurement> medians =
          c == CONNECTIONS ? sampled(c, names, loads) : rounds.inTurns(names, loads);
      Measurement course = medians.get(0);
      Measurement student = medians.get(1);
      Measurement constant = medians.get(2);
      Measurement get = medians.get(3);
      results.point(COURSES, c, course);
      results.point(STUDENTS, c, student);
      results.point(CONSTANT, c, constant);
      results.point(REDIS, c, get);
      if (c == CONNECTIONS || c == MOST) {
        rows(c, "courses", course, constant, get, bytes, valueBytes);
        rows(c, "students", student, constant, get, bytes, valueBytes);
      }
    }
    results.note(
        "reads: the constant route is the courses service's (the students service has none: the"
            + " same HTTP server in another process); redis-benchmark GETs one key holding "
            + valueBytes
            + " B, the size of a cached course, over as many connections as wrk holds, with as"
            + " many threads (2 at most)");
  }

  /**
   * The rounds in turns, and the services' memory under the cached reads. While the rounds count,
   * only the RSS is sampled (from /proc, nothing asked of the service): a heap sample scrapes the
   * service's /metrics (~55 KB of text, ~10 ms of its CPU a scrape), which four times a second took
   * ~10 % off the read measured, and only off the read, not off its ceilings (2026-12-03: the
   * courses service alone, alternated, 26.1k against 23.2k reads/s). The heap is sampled in one
   * more window of each service's read, after the rounds, which does not count.
   */
  private List<Measurement> sampled(int c, List<String> names, List<Load> loads) throws Exception {
    Path work = script.getParent().resolveSibling("target");
    List<Measurement> medians;
    long coursesRss;
    long studentsRss;
    try (MemorySampler coursesSampler = MemorySampler.rssOnly(stack.courses());
        MemorySampler studentsSampler = MemorySampler.rssOnly(stack.students());
        Profile coursesProfile =
            Profile.start("cached-get-courses-c" + c, "courses", stack.courses(), work);
        Profile studentsProfile =
            Profile.start("cached-get-students-c" + c, "students", stack.students(), work)) {
      medians = rounds.inTurns(names, loads);
      coursesRss = coursesSampler.maxRss();
      studentsRss = studentsSampler.maxRss();
    }
    heapUnder("courses", stack.courses(), loads.get(0), coursesRss);
    heapUnder("students", stack.students(), loads.get(1), studentsRss);
    return medians;
  }

  /** One uncounted window of the service's read with its heap sampled; records heap and RSS. */
  private void heapUnder(String service, ServiceProcess process, Load read, long rssInRounds)
      throws Exception {
    try (MemorySampler heap = MemorySampler.withHeap(process)) {
      read.run(rounds.length());
      results.memory(service + " heap under cached-GET load (max)", heap.maxHeap());
      results.memory(
          service + " RSS under cached-GET load (max)", Math.max(rssInRounds, heap.maxRss()));
    }
  }

  private void rows(
      int c,
      String service,
      Measurement read,
      Measurement constant,
      Measurement get,
      int bytes,
      int valueBytes) {
    String name = "GET /api/" + service + "/{id}, cache hit, c=" + c;
    if (c == MOST) {
      Row row = Row.of(name, read, "constant route, c=" + c, constant);
      results.add(row.target("0 socket errors", read.socketErrors() == 0));
      return;
    }
    Row server = Row.of(name, read, "constant route, same server, " + bytes + " B body", constant);
    results.add(
        server.target(">= 60% of ceiling, p99 < 5 ms", server.ratio() >= 0.6 && read.p99Ms() < 5));
    Row redis = Row.of(name, read, "redis-benchmark GET, " + valueBytes + " B value", get);
    results.add(redis.target(">= 50% of ceiling", redis.ratio() >= 0.5));
  }

  /**
   * Stores the value redis-benchmark reads: as many bytes as the cached entry of {@code courseId}
   * (read after the warm-up filled it), or {@code fallback} when that key is not found.
   *
   * @return the value's size in bytes
   */
  private int putValue(String key, String courseId, int fallback) {
    RedisClient client = RedisClient.create(Stack.REDIS_URL);
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      long cached = redis.sync().strlen(stack.namespace + ":courses:course:" + courseId);
      int size = cached > 0 ? (int) cached : fallback;
      redis.sync().set(key, "x".repeat(size));
      return size;
    } finally {
      client.shutdown();
    }
  }
}
