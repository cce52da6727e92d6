package dev.nis.students.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.nis.common.domain.CourseId;
import dev.nis.common.testing.OperationStates;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.StreamContents;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.students.testing.PairEnvironment;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;

/**
 * The convergence workload of the I1–I4 tests: both services as separate processes, one or more
 * replicas each, seeded with courses and students (a hot course and a hot student at their caps);
 * then random concurrent mutations from both sides, sent to any replica (creates with relations,
 * PUTs that change them, enroll/unenroll from either side, deletes, ids that do not exist,
 * enrollments beyond the caps) while the test's {@link Disruption}s act at given counts of accepted
 * operations (a service or a NATS server killed, restarted); then the checks at quiescence. The
 * tests that use it: {@link EnrollmentConvergenceIT} (service replicas killed) and {@link
 * ClusterFailoverIT} (the NATS stream leader killed). The services log at WARN into temporary
 * files; {@code -Dnis.serviceLogLevel=INFO -Dnis.serviceLogDir=DIR} keeps their logs, to see what a
 * run did.
 */
final class ConvergenceWorkload {
  static final int ACCEPTED_AT_LEAST = 520;
  private static final int SEED_COURSES = 20;
  private static final int SEED_STUDENTS = 70;

  /**
   * Something done to the system while the workload fires, once {@code atAccepted} operations were
   * accepted; the steps run one after the other on the firing thread.
   */
  record Disruption(int atAccepted, String description, Step action) {}

  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  final Http http = new Http();
  final Map<String, String> accepted = new ConcurrentHashMap<>();

  /** What each client waits after a mutation, in ms; 0 fires at full rate ({@link #paced}). */
  private volatile long gapMillis;

  /**
   * Replies other than 202 to mutations while firing, by status (503 while a dependency is away).
   */
  final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();

  private final List<String> courses = new CopyOnWriteArrayList<>();
  private final List<String> students = new CopyOnWriteArrayList<>();
  private final AtomicInteger names = new AtomicInteger();
  private final List<URI> coursesUris = new ArrayList<>();
  private final List<URI> studentsUris = new ArrayList<>();

  /** Replica 0 of each service: seeding and the final checks go through it. */
  private URI coursesUri;

  private URI studentsUri;
  String hotCourse;
  String hotStudent;

  /** The replicas of both services, started; {@link #close} stops them all with SIGTERM. */
  record Services(List<ServiceProcess> courses, List<ServiceProcess> students)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stopAll(courses, students);
    }
  }

  /**
   * Starts {@code replicas} replicas of each service on NATS at {@code natsUrl} (one server or a
   * cluster's, comma-separated), courses on {@code mongo}, students in PostgreSQL schema {@code
   * schema}.
   */
  Services start(
      String natsUrl, String namespace, InProcessMongo mongo, String schema, int replicas)
      throws Exception {
    Map<String, String> common = new HashMap<>();
    common.put("NATS_URL", natsUrl);
    common.put("SHUTDOWN_GRACE", "3s");
    common.put("LOG_LEVEL", System.getProperty("nis.serviceLogLevel", "WARN"));
    List<ServiceProcess> coursesReplicas = new ArrayList<>();
    List<ServiceProcess> studentsReplicas = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      PairEnvironment.Ports ports = PairEnvironment.Ports.free();
      PairEnvironment env =
          PairEnvironment.of(
              common, namespace, mongo.connectionString(), "convergence", schema, ports);
      coursesUris.add(URI.create("http://127.0.0.1:" + ports.coursesHttp() + "/api/courses"));
      studentsUris.add(URI.create("http://127.0.0.1:" + ports.studentsHttp() + "/api/students"));
      coursesReplicas.add(launch(Service.COURSES, env.courses()));
      studentsReplicas.add(launch(Service.STUDENTS, env.students()));
    }
    coursesUri = coursesUris.getFirst();
    studentsUri = studentsUris.getFirst();
    Services services = new Services(coursesReplicas, studentsReplicas);
    try {
      for (int r = 0; r < replicas; r++) {
        coursesReplicas.get(r).start();
        studentsReplicas.get(r).start();
      }
    } catch (Exception | Error e) {
      services.close();
      throw e;
    }
    return services;
  }

  /**
   * Waits for every accepted operation to end and for the queues to be quiet, then checks I1–I4
   * exactly: every 202 ended applied or rejected, s ∈ c.student_ids ⇔ c ∈ s.course_ids, no id of a
   * missing entity, no cap exceeded, every compensation exercised, reads through the caches and
   * across the services agree with the databases. Prints a summary line starting with {@code
   * label}.
   *
   * @return the outcome of each accepted operation
   */
  Map<String, String> verify(
      String label, long seed, TestNats nats, InProcessMongo mongo, String schema, long started)
      throws Exception {
    Map<String, String> outcomes;
    try {
      outcomes = awaitFinal(Duration.ofSeconds(120));
      awaitQuiet(nats, Duration.ofSeconds(120));
    } catch (AssertionError stalled) {
      printUnfinished(nats);
      printStillPending();
      throw stalled;
    }

    Map<String, Integer> compensations = compensations(nats);
    Map<String, Set<String>> courseSide = courseSide(mongo);
    Map<String, Set<String>> studentSide = studentSide(schema);
    Report report = Report.of(courseSide, studentSide);
    long applied = outcomes.values().stream().filter("applied"::equals).count();
    long rejected = outcomes.values().stream().filter("rejected"::equals).count();
    System.out.printf(
        "convergence: %s, seed %d, %d accepted (%d applied, %d rejected), refused %s,"
            + " %d courses, %d students, %d enrollments, %d one-sided, %d dangling ids,"
            + " %d over cap, compensations %s, %d s%n",
        label,
        seed,
        accepted.size(),
        applied,
        rejected,
        refusals,
        courseSide.size(),
        studentSide.size(),
        report.enrollments,
        report.oneSided,
        report.dangling,
        report.overCap,
        compensations,
        Duration.ofNanos(System.nanoTime() - started).toSeconds());

    assertThat(applied + rejected).as("every accepted operation ended").isEqualTo(accepted.size());
    assertThat(report.oneSided)
        .as("s in c.student_ids <=> c in s.course_ids (seed %d)", seed)
        .isZero();
    assertThat(report.dangling).as("ids of missing entities (seed %d)", seed).isZero();
    assertThat(report.overCap).as("caps exceeded (seed %d)", seed).isZero();
    assertThat(report.enrollments).as("the run enrolled someone").isPositive();
    assertThat(compensations)
        .as("the run exercised every compensation")
        .containsKeys("course full", "student full", "course missing", "student missing");
    assertCachesAgree(courseSide, studentSide);
    assertCrossServiceReadsAgree(courseSide, studentSide);
    measureEnrollmentLag(courseSide.keySet(), studentSide.keySet());
    return outcomes;
  }

  void seed() {
    for (int i = 0; i < SEED_COURSES; i++) {
      courses.add(created(coursesUri, courseBody(List.of())));
    }
    for (int i = 0; i < SEED_STUDENTS; i++) {
      students.add(created(studentsUri, studentBody(List.of())));
    }
    hotCourse = courses.getFirst();
    hotStudent = students.getFirst();
    // fill both to their caps, so that further enrollments must be compensated
    waitApplied(
        http.send(
            "PUT",
            uri(coursesUri, hotCourse),
            courseBody(students.subList(0, 60)),
            "Prefer",
            "wait=20"));
    waitApplied(
        http.send(
            "PUT",
            uri(studentsUri, hotStudent),
            studentBody(courses.subList(0, 15)),
            "Prefer",
            "wait=20"));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.send("GET", uri(coursesUri, hotCourse), null).data().get("student_ids").size()
                        == 60
                    && http.send("GET", uri(studentsUri, hotStudent), null)
                            .data()
                            .get("course_ids")
                            .size()
                        == 15);
    // enrollments from the other side, which only the full side can refuse: compensated
    for (String late : students.subList(60, 70)) {
      accept(http.send("PUT", uri(studentsUri, late + "/courses/" + hotCourse), null));
    }
    for (String late : courses.subList(15, 20)) {
      accept(http.send("PUT", uri(coursesUri, late + "/students/" + hotStudent), null));
    }
  }

  private void accept(Http.Reply reply) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(202);
    accepted.put(reply.data().get("operation_id").asText(), reply.data().get("id").asText());
  }

  private String created(URI base, Map<String, Object> body) {
    Http.Reply reply = http.send("POST", base, body, "Prefer", "wait=20");
    assertThat(reply.status()).as("seeding: %s", reply.body()).isEqualTo(201);
    return reply.data().get("id").asText();
  }

  private static void waitApplied(Http.Reply reply) {
    assertThat(reply.status()).as("seeding: %s", reply.body()).isEqualTo(200);
  }

  /**
   * Fires random mutations from 6 clients until every disruption has acted and {@code
   * acceptedAtLeast} operations were accepted (or {@code limit} passed).
   *
   * @return what each disruption did, with the count of accepted operations when it acted
   */
  List<String> fire(long seed, int acceptedAtLeast, Duration limit, List<Disruption> disruptions)
      throws Exception {
    List<String> done = new CopyOnWriteArrayList<>();
    long deadline = System.nanoTime() + limit.toNanos();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    for (int t = 0; t < 6; t++) {
      Random random = new Random(seed * 31 + t);
      clients.submit(
          () -> {
            while ((done.size() < disruptions.size() || accepted.size() < acceptedAtLeast)
                && System.nanoTime() < deadline) {
              try {
                mutate(random);
              } catch (UncheckedIOException serviceDown) {
                // being killed or restarting: not accepted; let it start rather than spin
                sleepQuietly(50);
              }
              long gap = gapMillis;
              if (gap > 0) {
                sleepQuietly(gap);
              }
            }
          });
    }
    try {
      while (done.size() < disruptions.size() && System.nanoTime() < deadline) {
        Disruption next = disruptions.get(done.size());
        if (accepted.size() >= next.atAccepted()) {
          int at = accepted.size();
          next.action().run();
          done.add(next.description() + " at " + at);
        }
        Thread.sleep(5);
      }
    } finally {
      clients.shutdown();
      assertThat(clients.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
    }
    return done;
  }

  /**
   * Runs {@code step} (a disruption's) while each client waits {@code gap} after every mutation:
   * the workload goes on, slower. A service restarted under the full workload of a 2-core machine
   * (load average 20+) took 34–94 s to be ready, and the clients meanwhile sent thousands of
   * operations more than the test asks for, each of them more to apply and check.
   */
  void paced(Duration gap, Step step) throws Exception {
    gapMillis = gap.toMillis();
    try {
      step.run();
    } finally {
      gapMillis = 0;
    }
  }

  /**
   * One random mutation. The hot course and the hot student are kept at their caps (nothing but
   * enrollments targets them), and a quarter of the enrollments from the other side aim at them, so
   * that caps are reached and compensated on both sides.
   */
  private void mutate(Random random) {
    // any replica takes any request; these shadow the fields (replica 0) on purpose
    URI coursesUri = pick(random, coursesUris);
    URI studentsUri = pick(random, studentsUris);
    int dice = random.nextInt(100);
    String course = pick(random, courses);
    String student = pick(random, students);
    boolean hot = course.equals(hotCourse) || student.equals(hotStudent);
    Http.Reply reply = null;
    if (dice < 8) {
      reply = http.send("POST", coursesUri, courseBody(someOf(random, students, 4, true, false)));
      remember(reply, courses);
    } else if (dice < 16) {
      reply = http.send("POST", studentsUri, studentBody(someOf(random, courses, 3, false, true)));
      remember(reply, students);
    } else if (dice < 26 && !course.equals(hotCourse)) {
      reply =
          http.send(
              "PUT", uri(coursesUri, course), courseBody(someOf(random, students, 6, true, false)));
    } else if (dice < 36 && !student.equals(hotStudent)) {
      reply =
          http.send(
              "PUT",
              uri(studentsUri, student),
              studentBody(someOf(random, courses, 5, false, true)));
    } else if (dice >= 36 && dice < 56) {
      String who = random.nextInt(4) == 0 ? hotStudent : student;
      reply = http.send("PUT", uri(coursesUri, course + "/students/" + who), null);
    } else if (dice >= 56 && dice < 76) {
      String which = random.nextInt(4) == 0 ? hotCourse : course;
      reply = http.send("PUT", uri(studentsUri, student + "/courses/" + which), null);
    } else if (dice >= 76 && dice < 84 && !hot) {
      reply = http.send("DELETE", uri(coursesUri, course + "/students/" + student), null);
    } else if (dice >= 84 && dice < 90 && !hot) {
      reply = http.send("DELETE", uri(studentsUri, student + "/courses/" + course), null);
    } else if (dice >= 90 && dice < 93) {
      reply =
          http.send(
              "PUT", uri(coursesUri, course + "/students/" + java.util.UUID.randomUUID()), null);
    } else if (dice >= 93 && dice < 96) {
      reply =
          http.send(
              "PUT",
              uri(studentsUri, student + "/courses/" + new org.bson.types.ObjectId().toHexString()),
              null);
    } else if (dice >= 96 && dice < 98 && !course.equals(hotCourse)) {
      reply = http.send("DELETE", uri(coursesUri, course), null);
    } else if (dice >= 98 && !student.equals(hotStudent)) {
      reply = http.send("DELETE", uri(studentsUri, student), null);
    }
    if (reply != null && reply.status() == 202) {
      accepted.put(reply.data().get("operation_id").asText(), reply.data().get("id").asText());
    } else if (reply != null) {
      refusals.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void remember(Http.Reply reply, List<String> ids) {
    if (reply.status() == 202) {
      ids.add(reply.data().get("id").asText());
    }
  }

  private static <T> T pick(Random random, List<T> ids) {
    return ids.get(random.nextInt(ids.size()));
  }

  static void stopAll(List<ServiceProcess> courses, List<ServiceProcess> students)
      throws Exception {
    for (ServiceProcess process : students) {
      process.close();
    }
    for (ServiceProcess process : courses) {
      process.close();
    }
  }

  /** Up to {@code max} known ids, sometimes with one that names nothing. */
  private static List<String> someOf(
      Random random, List<String> ids, int max, boolean uuid, boolean objectId) {
    Set<String> chosen = new HashSet<>();
    int n = random.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      chosen.add(pick(random, ids));
    }
    if (random.nextInt(10) == 0) {
      chosen.add(
          uuid
              ? java.util.UUID.randomUUID().toString()
              : new org.bson.types.ObjectId().toHexString());
    }
    return new ArrayList<>(chosen);
  }

  private Map<String, Object> courseBody(List<String> studentIds) {
    int n = names.incrementAndGet();
    return Map.of(
        "name", "Course " + n,
        "description", "Convergence test course",
        "discipline", "Testing",
        "teacher", "Tester",
        "student_ids", studentIds);
  }

  private Map<String, Object> studentBody(List<String> courseIds) {
    int n = names.incrementAndGet();
    return Map.of(
        "name", "student" + n, "first_name", "First", "last_name", "Last", "course_ids", courseIds);
  }

  private static URI uri(URI base, String rest) {
    return URI.create(base + "/" + rest);
  }

  /** A service as a separate JVM that close() stops with SIGTERM, as an orchestrator would. */
  static ServiceProcess launch(Service service, Map<String, String> env) throws IOException {
    ServiceProcess.Builder builder =
        service
            .process()
            .env(env)
            .closeWithin(Duration.ofSeconds(15))
            // a restart on a loaded 2-core machine (load average 20+) took over 40 s to be ready
            .readyWithin(Duration.ofSeconds(120));
    if (System.getProperty("nis.serviceLogDir") != null) {
      builder.log(
          java.nio.file.Path.of(
              System.getProperty("nis.serviceLogDir"),
              service.serviceName() + "-" + System.nanoTime() + ".log"));
    }
    return builder.build();
  }

  Map<String, String> awaitFinal(Duration timeout) throws InterruptedException {
    return OperationStates.awaitFinal(accepted.keySet(), timeout, this::operationState);
  }

  /** The operation as the service that accepted it reports it (its entity is of that service). */
  private String operationState(String op) {
    Http.Reply reply = http.send("GET", operationUri(op), null);
    return reply.status() == 200 ? reply.data().get("status").asText() : null;
  }

  private URI operationUri(String op) {
    URI service = CourseId.isWellFormed(accepted.get(op)) ? coursesUri : studentsUri;
    return uri(service, "operations/" + op);
  }

  /** Waits until every consumer has nothing pending, twice in a row with the log unchanged. */
  static void awaitQuiet(TestNats nats, Duration timeout) throws Exception {
    JetStreamManagement jsm = nats.connection().jetStreamManagement();
    var c = nats.contract();
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastLog = -1;
    int quietChecks = 0;
    while (quietChecks < 2) {
      assertThat(System.nanoTime()).as("quiescence within %s", timeout).isLessThan(deadline);
      boolean idle = nats.unfinishedMessages() == 0;
      long logSeq = jsm.getStreamInfo(c.enrollmentStream()).getStreamState().getLastSequence();
      quietChecks = idle && logSeq == lastLog ? quietChecks + 1 : 0;
      lastLog = logSeq;
      Thread.sleep(1000);
    }
  }

  /**
   * JetStream's view of every partition consumer that has not finished, to tell why operations
   * stayed pending: a message held unacked and not redelivered, or no pull request waiting.
   */
  static void printUnfinished(TestNats nats) {
    // three readings 2 s apart: a pull request expires after 1 s, so one reading alone can miss it
    for (int reading = 1; reading <= 3; reading++) {
      try {
        List<String> unfinished = nats.unfinishedConsumers();
        System.out.printf(
            "unfinished partition consumers, reading %d: %d%n", reading, unfinished.size());
        unfinished.forEach(line -> System.out.println("  " + line));
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        System.out.println("unfinished partition consumers: not readable (" + e + ")");
      }
    }
  }

  /**
   * How many accepted operations still read pending, and the first few as the API answers them (an
   * operation whose command was applied and acked but reads pending lost its outcome in the
   * operations bucket).
   */
  private void printStillPending() {
    List<String> pending =
        accepted.keySet().stream()
            .filter(op -> !"applied".equals(operationState(op)))
            .filter(op -> !"rejected".equals(operationState(op)))
            .toList();
    System.out.printf("operations still pending: %d%n", pending.size());
    pending.stream()
        .limit(5)
        .forEach(op -> System.out.println("  " + http.send("GET", operationUri(op), null).body()));
  }

  /** The compensating REMOVEs in the enrollment log, by reason. */
  static Map<String, Integer> compensations(TestNats nats) throws Exception {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (var message :
        StreamContents.read(
            nats.connection(),
            nats.contract().enrollmentStream(),
            nats.contract().enrollmentSubjects(),
            Duration.ofSeconds(30))) {
      String reason =
          dev.nis.common.jetstream.JetStreamEnrollmentLog.decode(message.getData()).reason();
      if (!reason.isEmpty()) {
        String kind =
            (reason.startsWith("course") ? "course " : "student ")
                + (reason.endsWith("does not exist") ? "missing" : "full");
        counts.merge(kind, 1, Integer::sum);
      }
    }
    return counts;
  }

  static Map<String, Set<String>> courseSide(InProcessMongo mongo) {
    Map<String, Set<String>> side = new HashMap<>();
    try (MongoClient client = MongoClients.create(mongo.connectionString())) {
      for (Document doc :
          client
              .getDatabase("convergence")
              .getCollection("courses")
              .find(new Document("deleted", new Document("$ne", true)))) {
        side.put(
            doc.getObjectId("_id").toHexString(),
            new HashSet<>(doc.getList("student_ids", String.class, List.of())));
      }
    }
    return side;
  }

  static Map<String, Set<String>> studentSide(String schema) throws Exception {
    Map<String, Set<String>> side = new HashMap<>();
    try (Connection sql = DriverManager.getConnection(PairEnvironment.PG_URL, "postgres", "");
        ResultSet rows =
            sql.createStatement()
                .executeQuery(
                    "SELECT id, course_ids FROM " + schema + ".students WHERE NOT deleted")) {
      while (rows.next()) {
        side.put(
            rows.getString("id"),
            new HashSet<>(Arrays.asList((String[]) rows.getArray("course_ids").getArray())));
      }
    }
    return side;
  }

  /** The invariants at quiescence, counted. */
  record Report(int enrollments, int oneSided, int dangling, int overCap) {
    static Report of(Map<String, Set<String>> courseSide, Map<String, Set<String>> studentSide) {
      int enrollments = 0;
      int oneSided = 0;
      int dangling = 0;
      int overCap = 0;
      for (var course : courseSide.entrySet()) {
        overCap += course.getValue().size() > 60 ? 1 : 0;
        for (String s : course.getValue()) {
          enrollments++;
          if (!studentSide.containsKey(s)) {
            dangling++;
          } else if (!studentSide.get(s).contains(course.getKey())) {
            oneSided++;
          }
        }
      }
      for (var student : studentSide.entrySet()) {
        overCap += student.getValue().size() > 15 ? 1 : 0;
        for (String c : student.getValue()) {
          if (!courseSide.containsKey(c)) {
            dangling++;
          } else if (!courseSide.get(c).contains(student.getKey())) {
            oneSided++;
          }
        }
      }
      return new Report(enrollments, oneSided, dangling, overCap);
    }
  }

  /** Reads through each service (its cache included) agree with its database. */
  void assertCachesAgree(
      Map<String, Set<String>> courseSide, Map<String, Set<String>> studentSide) {
    for (var course : courseSide.entrySet()) {
      JsonNode data = http.send("GET", uri(coursesUri, course.getKey()), null).data();
      assertThat(texts(data.get("student_ids")))
          .as("course %s through the cache", course.getKey())
          .isEqualTo(course.getValue());
    }
    for (var student : studentSide.entrySet()) {
      JsonNode data = http.send("GET", uri(studentsUri, student.getKey()), null).data();
      assertThat(texts(data.get("course_ids")))
          .as("student %s through the cache", student.getKey())
          .isEqualTo(student.getValue());
    }
  }

  /**
   * {@code /api/courses/{id}/students} (courses asking students over gRPC) and the reverse name the
   * same enrollments as the databases.
   */
  void assertCrossServiceReadsAgree(
      Map<String, Set<String>> courseSide, Map<String, Set<String>> studentSide) {
    courseSide.keySet().stream()
        .limit(20)
        .forEach(
            c -> {
              Http.Reply reply = http.send("GET", uri(coursesUri, c + "/students"), null);
              assertThat(reply.status()).isEqualTo(200);
              assertThat(ids(reply.data()))
                  .as("students of course %s", c)
                  .isEqualTo(courseSide.get(c));
            });
    studentSide.keySet().stream()
        .limit(20)
        .forEach(
            s -> {
              Http.Reply reply = http.send("GET", uri(studentsUri, s + "/courses"), null);
              assertThat(reply.status()).isEqualTo(200);
              assertThat(ids(reply.data()))
                  .as("courses of student %s", s)
                  .isEqualTo(studentSide.get(s));
            });
  }

  /**
   * How long after an enrollment reads applied (Prefer: wait) the other side shows it: printed, for
   * README's figures, not asserted (timings are for benchmarks, not tests).
   */
  void measureEnrollmentLag(Set<String> liveCourses, Set<String> liveStudents) {
    List<String> someCourses = new ArrayList<>(liveCourses);
    someCourses.remove(hotCourse);
    List<String> someStudents = new ArrayList<>(liveStudents);
    someStudents.remove(hotStudent);
    List<Long> lagsMicros = new ArrayList<>();
    for (int i = 0; i < 30 && i < someStudents.size(); i++) {
      String course = someCourses.get(i % someCourses.size());
      String student = someStudents.get(i);
      Http.Reply reply =
          http.send(
              "PUT", uri(coursesUri, course + "/students/" + student), null, "Prefer", "wait=10");
      long applied = System.nanoTime();
      if (reply.status() != 204) {
        continue;
      }
      while (!texts(http.send("GET", uri(studentsUri, student), null).data().get("course_ids"))
          .contains(course)) {
        if (System.nanoTime() - applied > Duration.ofSeconds(10).toNanos()) {
          break;
        }
      }
      lagsMicros.add((System.nanoTime() - applied) / 1000);
    }
    if (lagsMicros.isEmpty()) {
      System.out.println("enrollment lag: no sample (no enrollment was applied in time)");
      return;
    }
    lagsMicros.sort(Long::compare);
    System.out.printf(
        "enrollment lag (applied -> visible on the other side), %d samples: p50 %d ms, p95 %d ms,"
            + " max %d ms%n",
        lagsMicros.size(),
        lagsMicros.get(lagsMicros.size() / 2) / 1000,
        lagsMicros.get(lagsMicros.size() * 95 / 100) / 1000,
        lagsMicros.getLast() / 1000);
  }

  private static Set<String> ids(JsonNode array) {
    Set<String> values = new HashSet<>();
    array.forEach(v -> values.add(v.get("id").asText()));
    return values;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> values = new HashSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  static void dropSchema(String schema) throws Exception {
    try (Connection sql = DriverManager.getConnection(PairEnvironment.PG_URL, "postgres", "")) {
      sql.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
