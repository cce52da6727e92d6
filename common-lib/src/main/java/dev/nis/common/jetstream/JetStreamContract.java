package dev.nis.common.jetstream;

import io.nats.client.api.RetentionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The names of every stream, subject, consumer and bucket, derived from one namespace so that tests
 * and parallel deployments can share a NATS server without touching each other's state. The default
 * namespace is {@code nis}: streams {@code NIS_COURSE_COMMANDS}, subjects {@code
 * nis.courses.commands}, and so on.
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

  public static JetStreamContract defaults() {
    return new JetStreamContract(DEFAULT_NAMESPACE);
  }

  private String streamName(String suffix) {
    return namespace.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + suffix;
  }

  public String courseCommandsStream() {
    return streamName("COURSE_COMMANDS");
  }

  public String courseCommandsSubject() {
    return namespace + ".courses.commands";
  }

  public String studentCommandsStream() {
    return streamName("STUDENT_COMMANDS");
  }

  public String studentCommandsSubject() {
    return namespace + ".students.commands";
  }

  public String enrollmentStream() {
    return streamName("ENROLLMENT_LOG");
  }

  public String enrollmentSubject() {
    return namespace + ".enrollment.ops";
  }

  public String deadLetterStream() {
    return streamName("DEAD_LETTERS");
  }

  /** Where a command that could not be applied after every delivery ends up. */
  public String deadLetterSubject(String service) {
    return namespace + ".deadletter." + service;
  }

  /** The durable consumer through which the courses service applies its commands. */
  public String courseCommandsConsumer() {
    return "courses-command-applier";
  }

  public String studentCommandsConsumer() {
    return "students-command-applier";
  }

  /** The durable consumer through which the courses service applies the enrollment log. */
  public String courseEnrollmentConsumer() {
    return "courses-enrollment-applier";
  }

  public String studentEnrollmentConsumer() {
    return "students-enrollment-applier";
  }

  /** How long a consumer waits for an ack before redelivering, and the deliveries before poison. */
  private static final Duration ACK_WAIT = Duration.ofSeconds(30);

  private static final int POISON_LIMIT = 5;

  /** The stream of {@code service}'s own commands ({@code courses} or {@code students}). */
  public String commandsStream(String service) {
    return switch (service) {
      case "courses" -> courseCommandsStream();
      case "students" -> studentCommandsStream();
      default -> throw new IllegalArgumentException("no command stream for " + service);
    };
  }

  public String commandsSubject(String service) {
    return namespace + "." + known(service) + ".commands";
  }

  /** The durable consumer through which {@code service} applies its own commands. */
  public ConsumerSpec commandsConsumer(String service) {
    return new ConsumerSpec(
        commandsStream(service),
        known(service) + "-command-applier",
        commandsSubject(service),
        ACK_WAIT,
        POISON_LIMIT,
        deadLetterSubject(service));
  }

  /** The durable consumer through which {@code service} applies the enrollment log. */
  public ConsumerSpec enrollmentConsumer(String service) {
    return new ConsumerSpec(
        enrollmentStream(),
        known(service) + "-enrollment-applier",
        enrollmentSubject(),
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

  public List<StreamSpec> streams() {
    return List.of(
        new StreamSpec(
            courseCommandsStream(),
            List.of(courseCommandsSubject()),
            RetentionPolicy.Limits,
            WEEK,
            DEDUP_WINDOW,
            "Queued course mutations, applied one at a time by the courses service"),
        new StreamSpec(
            studentCommandsStream(),
            List.of(studentCommandsSubject()),
            RetentionPolicy.Limits,
            WEEK,
            DEDUP_WINDOW,
            "Queued student mutations, applied one at a time by the students service"),
        new StreamSpec(
            enrollmentStream(),
            List.of(enrollmentSubject()),
            RetentionPolicy.Limits,
            WEEK,
            DEDUP_WINDOW,
            "Ordered add/remove(course, student) log that both services apply in order"),
        new StreamSpec(
            deadLetterStream(),
            List.of(namespace + ".deadletter.>"),
            RetentionPolicy.Limits,
            Duration.ofDays(30),
            DEDUP_WINDOW,
            "Commands that could not be applied after every delivery, kept for inspection"));
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
            "Idempotency-Key claims: the first request of each key and its operation"));
  }
}
