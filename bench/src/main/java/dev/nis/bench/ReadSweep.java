package dev.nis.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.file.Path;

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
      Measurement course =
          sampled(
              c,
              "courses",
              COURSES + ", c=" + c,
              new Wrk(script, courses, c, "ids", data.courseIdsFile().toString(), "/api/courses/"));
      Measurement student =
          sampled(
              c,
              "students",
              STUDENTS + ", c=" + c,
              new Wrk(
                  script, students, c, "ids", data.studentIdsFile().toString(), "/api/students/"));
      Measurement constant =
          rounds.median(
              CONSTANT + " (" + bytes + " B), c=" + c,
              new Wrk(script, courses + "/bench/constant?bytes=" + bytes, c, "get"));
      Measurement get =
          rounds.median(
              REDIS + " (" + valueBytes + " B), c=" + c,
              new RedisBenchmark(redis.getHost(), redis.getPort(), c, key));
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
   * The case's rounds; at {@link #CONNECTIONS} also the service's memory under that load. While the
   * rounds count, only the RSS is sampled (from /proc, nothing asked of the service): a heap sample
   * scrapes the service's /metrics (~55 KB of text, ~10 ms of its CPU a scrape), which four times a
   * second took ~10 % off the read measured, and only off the read, not off its ceilings
   * (2026-12-03: 26.1k against 23.2k reads/s, the courses service alone, alternated). The heap is
   * sampled in one more window of the same load, after the rounds, which does not count.
   */
  private Measurement sampled(int c, String service, String name, Load load) throws Exception {
    if (c != CONNECTIONS) {
      return rounds.median(name, load);
    }
    var process = service.equals("courses") ? stack.courses() : stack.students();
    Path work = script.getParent().resolveSibling("target");
    Measurement m;
    long maxRss;
    try (MemorySampler rss = MemorySampler.rssOnly(process);
        Profile profile = Profile.start("cached-get-c" + c, service, process, work)) {
      m = rounds.median(name, load);
      maxRss = rss.maxRss();
    }
    try (MemorySampler heap = MemorySampler.withHeap(process)) {
      load.run(rounds.length());
      results.memory(service + " heap under cached-GET load (max)", heap.maxHeap());
      maxRss = Math.max(maxRss, heap.maxRss());
    }
    results.memory(service + " RSS under cached-GET load (max)", maxRss);
    return m;
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
