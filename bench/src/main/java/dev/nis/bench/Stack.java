package dev.nis.bench;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.StreamSpec;
import dev.nis.common.testing.Ports;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.courses.CoursesConfig;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The system under test on this machine's PostgreSQL, Redis and NATS, in a namespace of its own
 * (streams, bucket, schema, cache keys, MongoDB database) that is removed at the end. MongoDB is
 * the server at MONGO_URI when that is set; otherwise the courses service's embedded store, as a
 * run without MONGO_URI has it (there is no MongoDB server on this machine): mongo-java-server on
 * its data file inside the courses service's JVM, which this JVM reaches at the port it is given
 * ({@code COURSES_MONGO_PORT}) while the service runs.
 */
final class Stack implements AutoCloseable {
  /** The services' JVM options, the file the images run with (README.md, "JVM configuration"). */
  static final String JVM_OPTIONS = "k8s/image-base/app/jvm.options";

  /**
   * The courses service's heap when it hosts its embedded store (no MONGO_URI), in place of the
   * options file's 96 MiB, which is sized for a service whose data lives in a database (README.md,
   * "JVM configuration"). With the store inside, the service kept 30-35 MiB live at rest and up to
   * 69 MiB under the half-rate waiting creates (the store's cache and pages, plus ~30 KiB for each
   * of up to ~750 requests waiting: two 8 KiB connection buffers and a parked thread's stack), more
   * than the 64 MiB old generation of a 96 MiB heap: 111 and 124 full collections of 87-471 ms in
   * two runs, back to back for seconds, against 10 and 10 with this heap (2026-12-06).
   */
  static final String EMBEDDED_STORE_HEAP = "-Xmx160m";

  /**
   * NATS for the whole run: the local server, or {@code BENCH_NATS_URL} (e.g. the three servers of
   * {@code bench/nats-cluster.sh}, comma-separated), with the streams at {@code
   * BENCH_STREAM_REPLICAS} replicas (default 1): the R1 against R3 applied rates.
   */
  static final String NATS_URL =
      System.getenv().getOrDefault("BENCH_NATS_URL", "nats://127.0.0.1:4222");

  static final String STREAM_REPLICAS = System.getenv().getOrDefault("BENCH_STREAM_REPLICAS", "1");
  static final String REDIS_URL = "redis://127.0.0.1:6379";
  static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  final String namespace = "bench" + Long.toString(System.currentTimeMillis() % 100_000_000, 36);
  final String schema = namespace.replace('-', '_');
  final String mongoDatabase = namespace;

  /** The embedded store's data directory, or null when the store is the one at MONGO_URI. */
  private final Path embeddedData;

  private final int embeddedPort = Ports.free();
  final String mongoUri;
  final int coursesHttp = Ports.free();
  final int coursesGrpc = Ports.free();
  final int studentsHttp = Ports.free();
  final int studentsGrpc = Ports.free();
  private final Path root;
  private final Path logs;
  private ServiceProcess courses;
  private ServiceProcess students;
  private boolean closed;

  Stack(Path root, Path logs) throws Exception {
    this.root = root;
    this.logs = logs;
    String external = System.getenv("MONGO_URI");
    if (external == null || external.isBlank()) {
      // the store of the default mode (no MONGO_URI), in the courses service as shipped; until
      // 2026-12-06 it ran in this JVM, whose collections were found behind the slowest writes
      // (bench/analysis.md)
      embeddedData = logs.resolve("mongo-data");
      deleteRecursively(embeddedData);
      mongoUri = "mongodb://127.0.0.1:" + embeddedPort;
    } else {
      embeddedData = null;
      mongoUri = external;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    close();
                  } catch (Exception e) {
                    System.err.println("bench: clean-up failed: " + e);
                  }
                }));
    ServiceProcess.fromJar("initializer", jar("initializer"))
        .env(
            Map.of(
                "NATS_URL",
                NATS_URL,
                "NIS_NAMESPACE",
                namespace,
                "NIS_STREAM_REPLICAS",
                STREAM_REPLICAS))
        .jvmFlags(List.of())
        .log(logs.resolve("initializer.log"))
        .build()
        .runToEnd(Duration.ofSeconds(60));
  }

  /** Starts students, then courses, with the given cache TTL (e.g. 1ms: every read misses). */
  void start(String cacheTtl) throws Exception {
    students = launch("students", env("students", cacheTtl));
    courses = launch("courses", env("courses", cacheTtl));
  }

  /**
   * Starts one service ({@code courses} or {@code students}) on its own, as {@link #start} would,
   * and waits until it is ready; the caller stops it.
   */
  ServiceProcess startAlone(String name) throws Exception {
    return launch(name, env(name, "5m"));
  }

  private Map<String, String> env(String name, String cacheTtl) {
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URL", REDIS_URL);
    env.put("NATS_URL", NATS_URL);
    env.put("NIS_NAMESPACE", namespace);
    env.put("CACHE_TTL", cacheTtl);
    if (name.equals("students")) {
      env.put("STUDENTS_HTTP_PORT", Integer.toString(studentsHttp));
      env.put("STUDENTS_GRPC_PORT", Integer.toString(studentsGrpc));
      env.put("POSTGRES_URL", POSTGRES_URL);
      env.put("POSTGRES_USER", "postgres");
      env.put("POSTGRES_SCHEMA", schema);
      env.put("COURSES_GRPC_TARGET", "127.0.0.1:" + coursesGrpc);
    } else {
      env.put("COURSES_HTTP_PORT", Integer.toString(coursesHttp));
      env.put("COURSES_GRPC_PORT", Integer.toString(coursesGrpc));
      if (embeddedData != null) {
        env.put("MONGO_URI", "");
        env.put(CoursesConfig.DATA_DIR_VARIABLE, embeddedData.toString());
        env.put(CoursesConfig.EMBEDDED_MONGO_PORT_VARIABLE, Integer.toString(embeddedPort));
      } else {
        env.put("MONGO_URI", mongoUri);
      }
      env.put("MONGO_DATABASE", mongoDatabase);
      env.put("STUDENTS_GRPC_TARGET", "127.0.0.1:" + studentsGrpc);
      env.put("NIS_BENCH_ROUTES", "true");
    }
    return env;
  }

  /**
   * The services' JVM flags: the images' options file (the courses service's heap raised to {@link
   * #EMBEDDED_STORE_HEAP} when it hosts its store), and, unless BENCH_CDS=0, the application
   * class-data sharing archive the images keep in /tmp (here bench/target/cds/{name}.jsa, written
   * when the service stops, used by its next start; deleted first when a jar is newer than it).
   */
  List<String> jvmFlags(String name) {
    List<String> flags = new ArrayList<>();
    flags.add("@" + root.resolve(JVM_OPTIONS));
    if (name.equals("courses") && embeddedStore()) {
      flags.add(EMBEDDED_STORE_HEAP);
    }
    if (cdsArchives()) {
      flags.add("-XX:SharedArchiveFile=" + cdsArchive(name));
      flags.add("-XX:+AutoCreateSharedArchive");
      flags.add("-Xlog:cds*=off");
    }
    return flags;
  }

  /** Whether the services run with their class-data sharing archive (BENCH_CDS=0: without). */
  static boolean cdsArchives() {
    return !"0".equals(System.getenv("BENCH_CDS"));
  }

  /**
   * Deletes the service's archive when a jar of its class path is newer than it (a rebuild; {@code
   * bench/run.sh} packages the modules at every run). The JDK (25) validates an archive's class
   * path by each jar's time and size and, on a mismatch, neither uses nor replaces it, yet keeps
   * its regions mapped: measured on the students service, 307 MiB RSS under cached reads and 6.3 s
   * to ready with a stale archive, against 238 MiB and 3.0 s with a current one and 240-252 MiB and
   * 5.5-6.0 s with none. Without the archive this start runs without sharing and writes a current
   * one when it stops. The images need no such step: Jib gives every file one fixed time, and the
   * archive lives in the container's /tmp, which no other image's container sees.
   */
  private void dropStaleArchive(String name) throws IOException {
    File archive = cdsArchive(name).toFile();
    File[] lib = jar(name).resolveSibling("lib").toFile().listFiles();
    if (!archive.exists() || lib == null) {
      return;
    }
    boolean stale =
        Stream.concat(Stream.of(jar(name).toFile()), Arrays.stream(lib))
            .anyMatch(jar -> jar.lastModified() > archive.lastModified());
    if (stale) {
      Files.delete(archive.toPath());
    }
  }

  /** Where a service's class-data sharing archive is kept between its starts. */
  Path cdsArchive(String name) {
    return logs.resolve("cds").resolve(name + ".jsa");
  }

  /** Starts a service from its jar and waits until it is ready: the start-up time. */
  private ServiceProcess launch(String name, Map<String, String> env) throws Exception {
    java.nio.file.Files.createDirectories(cdsArchive(name).getParent());
    dropStaleArchive(name);
    List<String> flags = jvmFlags(name);
    // for profiling, e.g. -XX:StartFlightRecording=filename=bench/target/%p.jfr,settings=profile
    String extra = System.getenv("BENCH_SERVICE_JVM_FLAGS");
    if (extra != null && !extra.isBlank()) {
      flags.addAll(List.of(extra.trim().split("\\s+")));
    }
    return ServiceProcess.fromJar(name, jar(name))
        .env(env)
        .jvmFlags(flags)
        .log(serviceLog(name))
        .readyWithin(Duration.ofSeconds(60))
        .closeWithin(Duration.ofSeconds(20))
        .build()
        .start();
  }

  /** Where service {@code name}'s standard output (its JSON log) is written. */
  Path serviceLog(String name) {
    return logs.resolve(name + ".log");
  }

  void stopServices() throws InterruptedException {
    if (courses != null) {
      courses.close();
    }
    if (students != null) {
      students.close();
    }
  }

  ServiceProcess courses() {
    return courses;
  }

  ServiceProcess students() {
    return students;
  }

  String coursesUrl() {
    return "http://127.0.0.1:" + coursesHttp;
  }

  String studentsUrl() {
    return "http://127.0.0.1:" + studentsHttp;
  }

  private Path jar(String module) {
    return root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
  }

  /** Everything this run made: services, streams and bucket, schema, cache keys, MongoDB. */
  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (java.nio.file.Files.exists(dir)) {
      try (var files = java.nio.file.Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Whether MongoDB is the courses service's embedded store (no MONGO_URI given). */
  boolean embeddedStore() {
    return embeddedData != null;
  }

  /** Idempotent: runs at the end, and from the shutdown hook when the run is interrupted. */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    stopServices();
    JetStreamContract contract = new JetStreamContract(namespace);
    try (Connection nats = Nats.connect(NATS_URL)) {
      JetStreamManagement jsm = nats.jetStreamManagement();
      for (StreamSpec stream : contract.streams()) {
        deleteQuietly(() -> jsm.deleteStream(stream.name()));
      }
      for (BucketSpec bucket : contract.buckets()) {
        deleteQuietly(
            () -> {
              nats.keyValueManagement().delete(bucket.name());
              return null;
            });
      }
    }
    try (var db = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
        var statement = db.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    flushCache();
    // the embedded store's file is left for a look after the run; the next run deletes it
    if (embeddedData == null) {
      try (var client = com.mongodb.client.MongoClients.create(mongoUri)) {
        client.getDatabase(mongoDatabase).drop();
      }
    }
  }

  /** Deletes this run's cache keys (values and generations of both services). */
  void flushCache() {
    RedisClient redis = RedisClient.create(REDIS_URL);
    try (StatefulRedisConnection<String, String> connection = redis.connect()) {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page =
            connection.sync().scan(cursor, ScanArgs.Builder.matches(namespace + ":*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          connection.sync().del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      redis.shutdown();
    }
  }

  private interface Deletion {
    Object run() throws Exception;
  }

  private static void deleteQuietly(Deletion deletion) {
    try {
      deletion.run();
    } catch (Exception alreadyGone) {
      // nothing to remove
    }
  }
}
