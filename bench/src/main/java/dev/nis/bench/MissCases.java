package dev.nis.bench;

import java.nio.file.Path;

/** Reads by id when every cache lookup misses (the services restarted with CACHE_TTL=1ms). */
final class MissCases {
  private final Stack stack;
  private final Data data;
  private final Rounds rounds;
  private final Results results;
  private final Path script;

  MissCases(Bench bench) {
    this.stack = bench.stack();
    this.data = bench.data();
    this.rounds = bench.rounds();
    this.results = bench.results();
    this.script = bench.script();
  }

  void run(Raw raw) throws Exception {
    double hitsBefore = cacheLookups(stack.coursesUrl(), "hit");
    Measurement courses =
        rounds.median(
            "GET /api/courses/{id} cache miss, c=64",
            new Wrk(
                script,
                stack.coursesUrl(),
                64,
                "ids",
                data.courseIdsFile().toString(),
                "/api/courses/"));
    Measurement mongo =
        rounds.median(
            "raw MongoDB find-by-id, 64 in flight",
            new ClosedLoop(64, raw.mongoFindById(data.courseIds())));
    results.add(
        Row.of(
            "GET /api/courses/{id}, cache miss, c=64",
            courses,
            "raw MongoDB find-by-id, 64 in flight",
            mongo));

    Measurement students =
        rounds.median(
            "GET /api/students/{id} cache miss, c=64",
            new Wrk(
                script,
                stack.studentsUrl(),
                64,
                "ids",
                data.studentIdsFile().toString(),
                "/api/students/"));
    Measurement postgres =
        rounds.median(
            "raw PostgreSQL select by primary key, 64 in flight",
            new ClosedLoop(64, raw.postgresSelectById(data.studentIds())));
    results.add(
        Row.of(
            "GET /api/students/{id}, cache miss, c=64",
            students,
            "raw PostgreSQL select by primary key, 64 in flight",
            postgres));

    double hits = cacheLookups(stack.coursesUrl(), "hit") - hitsBefore;
    double misses = cacheLookups(stack.coursesUrl(), "miss");
    results.note(
        "cache-miss phase (CACHE_TTL=1ms): courses cache hits %.0f, misses %.0f"
            .formatted(hits, misses));
  }

  private static double cacheLookups(String base, String result) throws Exception {
    return Metrics.sum(
        Http.get(base + "/metrics").body(), "nis_cache_lookups_total", "result=\"" + result + "\"");
  }
}
