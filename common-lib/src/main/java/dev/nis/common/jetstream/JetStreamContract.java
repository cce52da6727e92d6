package dev.nis.common.jetstream;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import io.nats.client.api.RetentionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The names of every stream, subject, consumer and bucket, derived from one namespace so that tests
 * and parallel deployments can share a NATS server without touching each other's state. The default
 * namespace is {@code nis}: streams {@code NIS_COURSE_COMMANDS_00} to {@code _31}, each holding the
 * subject {@code nis.courses.commands.<partition>}, and so on. Commands are partitioned by entity
 * id and the enrollment log by (course, student) pair ({@link Partitions}): each partition has its
 * own durable consumer that hands out one message at a time, so order holds per entity (per pair)
 * while the partitions are applied in parallel, by any number of replicas. Each command partition
 * is a stream of its own ({@link ConsumerSpec} says why); the enrollment log is one stream, because
 * the event feed's ids are its sequences.
 */
public record JetStreamContract(String namespace) {
  public static final String DEFAULT_NAMESPACE = "nis";
  public static final String NAMESPACE_VARIABLE = "NIS_NAMESPACE";

  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration DEDUP_WINDOW = Duration.ofMinutes(2);

  public JetStreamContract {
    if (namespace == null || !namespace.matches("[a-z][a-z0-9_-]{0,31}")) {
      throw new IllegalArgumentException(
          "namespace must be lower-case letters, digits, '-' or '_': " + namespace);
    }
  }

  /**
   * The contract of the namespace {@code NIS_NAMESPACE} names ({@link #DEFAULT_NAMESPACE} when
   * unset), read the same way by the services and the initializer.
   *
   * @throws ConfigException naming the variable when the value is no namespace (the services took
   *     upper case, lower-casing it, and names of 33 to 63 characters, which then ended start-up
   *     with no output; the initializer refused both)
   */
  public static JetStreamContract from(Env env) {
    String namespace = env.string(NAMESPACE_VARIABLE, DEFAULT_NAMESPACE);
    try {
      return new JetStreamContract(namespace);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          NAMESPACE_VARIABLE,
          "must start with a lower-case letter and hold at most 32 lower-case letters, digits,"
              + " '-' or '_'",
          namespace);
    }
  }

  public static JetStreamContract defaults() {
    return new JetStreamContract(DEFAULT_NAMESPACE);
  }

  private String streamName(String suffix) {
    return namespace.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + suffix;
  }

  /**
   * What the names of {@code service}'s command partition streams start with ({@code
   * NIS_COURSE_COMMANDS}), and the name trace spans give them all.
   */
  public String commandsStreamPrefix(String service) {
    return streamName(known(service).equals("courses") ? "COURSE_COMMANDS" : "STUDENT_COMMANDS");
  }

  /**
   * The one command stream per service of the layout before December 2026 ({@code
   * NIS_COURSE_COMMANDS}, every partition's subject in it), which the initializer retires once its
   * commands are applied (bench/analysis.md, "nats-server 2.9.10's recount, located", says why the
   * layout changed).
   */
  public String legacyCommandsStream(String service) {
    return commandsStreamPrefix(service);
  }

  public String enrollmentStream() {
    return streamName("ENROLLMENT_LOG");
  }

  public String deadLetterStream() {
    return streamName("DEAD_LETTERS");
  }

  /** Where a command that could not be applied after every delivery ends up. */
  public String deadLetterSubject(String service) {
    return namespace + ".deadletter." + service;
  }

  /**
   * How long a consumer waits for an ack before redelivering: short, so that the work a killed
   * process held is redelivered within seconds; a long apply keeps its message with in-progress
   * signals (see {@link PartitionedConsumer}).
   */
  static final Duration ACK_WAIT = Duration.ofSeconds(4);

  private static final int POISON_LIMIT = 5;

  /**
   * The stream of partition {@code p} of {@code service}'s own commands ({@code courses} or {@code
   * students}): {@code NIS_COURSE_COMMANDS_07}, holding the one subject {@code
   * nis.courses.commands.7}.
   */
  public String commandsStream(String service, int partition) {
    return Partitions.streamName(commandsStreamPrefix(service), partition);
  }

  /** The stream an entity's commands go to: its partition's. */
  public String commandsStreamOf(String service, String entityId) {
    return commandsStream(service, Partitions.of(entityId));
  }

  /** The subject of one partition of {@code service}'s commands. */
  public String commandsSubject(String service, int partition) {
    return commandsPrefix(service) + Partitions.checked(partition);
  }

  /** The subject of the partition an entity's commands go to, so that they stay in order. */
  public String commandsSubjectOf(String service, String entityId) {
    return commandsSubject(service, Partitions.of(entityId));
  }

  /** Every partition of {@code service}'s commands: the legacy stream's subject. */
  public String legacyCommandsSubjects(String service) {
    return commandsPrefix(service) + "*";
  }

  private String commandsPrefix(String service) {
    return namespace + "." + known(service) + ".commands.";
  }

  /** The subject of one partition of the enrollment log. */
  public String enrollmentSubject(int partition) {
    return enrollmentPrefix() + Partitions.checked(partition);
  }

  /** The partition of a (course, student) pair: every entry of one pair stays in log order. */
  public String enrollmentSubjectOf(String courseId, String studentId) {
    return enrollmentSubject(Partitions.ofPair(courseId, studentId));
  }

  /** Every partition of the enrollment log: the stream's subject. */
  public String enrollmentSubjects() {
    return enrollmentPrefix() + "*";
  }

  private String enrollmentPrefix() {
    return namespace + ".enrollment.ops.";
  }

  /** The durable consumers through which {@code service} applies its own commands. */
  public ConsumerSpec commandsConsumer(String service) {
    return new ConsumerSpec(
        commandsStreamPrefix(service),
        true,
        known(service) + "-command-applier",
        commandsPrefix(service),
        ACK_WAIT,
        POISON_LIMIT,
        deadLetterSubject(service));
  }

  /** The durable consumers through which {@code service} applies the enrollment log. */
  public ConsumerSpec enrollmentConsumer(String service) {
    return new ConsumerSpec(
        enrollmentStream(),
        false,
        known(service) + "-enrollment-applier",
        enrollmentPrefix(),
        ACK_WAIT,
        POISON_LIMIT,
        deadLetterSubject(service + "-enrollment"));
  }

  private static String known(String service) {
    if (!service.equals("courses") && !service.equals("students")) {
      throw new IllegalArgumentException("unknown service " + service);
    }
    return service;
  }

  /**
   * How long a side remembers the enrollment entries it applied: longer than any message stays in a
   * command stream or the log (their maximum age), so that no late duplicate outlives its record.
   */
  public Duration inboxRetention() {
    return WEEK.plusDays(1);
  }

  /** Operation outcomes (pending, applied, rejected), one key per operation id. */
  public String operationsBucket() {
    return namespace + "_operations";
  }

  /**
   * The first request of each Idempotency-Key of both services, one key per service and client key.
   * Its TTL is the keys' expiry, no longer than the operations bucket's: a key's operation record
   * must outlive the key (see {@code CommandSubmitter}).
   */
  public String idempotencyBucket() {
    return namespace + "_idempotency";
  }

  /**
   * Leases of work that one replica of the whole system runs at a time (the reconciliation), one
   * key per lease. The bucket's time to live is the lease's: a holder renews it every third of it,
   * and a killed holder's key expires within it ({@link JetStreamLease}).
   */
  public String leasesBucket() {
    return namespace + "_leases";
  }

  /** How long a lease outlives its holder's last renewal. */
  public static final Duration LEASE_TTL = Duration.ofSeconds(30);

  /** The lease of the reconciliation of the enrollment relation. */
  public static final String RECONCILIATION_LEASE = "reconciliation";

  /** Every stream: each service's command partitions, then the enrollment log and dead letters. */
  public List<StreamSpec> streams() {
    List<StreamSpec> streams = new ArrayList<>();
    streams.addAll(commandsStreams("courses"));
    streams.addAll(commandsStreams("students"));
    streams.addAll(logStreams());
    return List.copyOf(streams);
  }

  /** The streams both services share: the enrollment log and the dead letters. */
  public List<StreamSpec> logStreams() {
    return List.of(
        new StreamSpec(
            enrollmentStream(),
            List.of(enrollmentSubjects()),
            RetentionPolicy.Limits,
            WEEK,
            DEDUP_WINDOW,
            "Add/remove(course, student) log, partitioned by pair, that both services apply in order"),
        new StreamSpec(
            deadLetterStream(),
            List.of(namespace + ".deadletter.>"),
            RetentionPolicy.Limits,
            Duration.ofDays(30),
            DEDUP_WINDOW,
            "Commands that could not be applied after every delivery, kept for inspection"));
  }

  /** The streams of {@code service}'s command partitions, in partition order. */
  public List<StreamSpec> commandsStreams(String service) {
    String entity = service.equals("courses") ? "course" : "student";
    List<StreamSpec> streams = new ArrayList<>();
    for (int p = 0; p < Partitions.COUNT; p++) {
      streams.add(
          new StreamSpec(
              commandsStream(service, p),
              List.of(commandsSubject(service, p)),
              RetentionPolicy.Limits,
              WEEK,
              DEDUP_WINDOW,
              "Queued "
                  + entity
                  + " mutations of partition "
                  + p
                  + " ("
                  + entity
                  + " ids hashing to it), applied in order"));
    }
    return streams;
  }

  public List<BucketSpec> buckets() {
    return List.of(
        new BucketSpec(
            operationsBucket(),
            Duration.ofDays(1),
            1,
            "Outcome of every accepted operation: pending, applied or rejected"),
        new BucketSpec(
            idempotencyBucket(),
            Duration.ofDays(1),
            1,
            "Idempotency-Key claims: the first request of each key and its operation"),
        new BucketSpec(
            leasesBucket(),
            LEASE_TTL,
            1,
            "Leases of work one replica runs at a time: the reconciliation of the relation"));
  }
}
