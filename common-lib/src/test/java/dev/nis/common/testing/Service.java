package dev.nis.common.testing;

import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.JetStreamContract;

/**
 * The two services as the shared end-to-end fixtures name them: the {@code Main} to launch, the
 * base path of the API, its store, the variable that points at the other service's gRPC port, and
 * the command stream (with its subject and consumer) in a namespace's contract.
 */
public enum Service {
  COURSES("courses", "dev.nis.courses.Main", "STUDENTS_GRPC_TARGET", "MongoDB"),
  STUDENTS("students", "dev.nis.students.Main", "COURSES_GRPC_TARGET", "PostgreSQL");

  private final String name;
  private final String mainClass;
  private final String peerTargetVariable;
  private final String storeName;

  Service(String name, String mainClass, String peerTargetVariable, String storeName) {
    this.name = name;
    this.mainClass = mainClass;
    this.peerTargetVariable = peerTargetVariable;
    this.storeName = storeName;
  }

  /** {@code courses} or {@code students}: the process name, log prefix and API segment. */
  public String serviceName() {
    return name;
  }

  public String mainClass() {
    return mainClass;
  }

  /** {@code /api/courses} or {@code /api/students}. */
  public String basePath() {
    return "/api/" + name;
  }

  /** The service's own store, as assertion messages name it. */
  public String storeName() {
    return storeName;
  }

  public String peerTargetVariable() {
    return peerTargetVariable;
  }

  /** The stream of partition {@code p} of the service's commands. */
  public String commandsStream(JetStreamContract contract, int partition) {
    return contract.commandsStream(name, partition);
  }

  /** The subject of partition {@code p} of the service's commands. */
  public String commandsSubject(JetStreamContract contract, int partition) {
    return contract.commandsSubject(name, partition);
  }

  public ConsumerSpec commandsConsumer(JetStreamContract contract) {
    return contract.commandsConsumer(name);
  }

  /** A launcher of this service from the test class path (not started yet). */
  public ServiceProcess.Builder process() {
    return ServiceProcess.fromClassPath(name, mainClass);
  }
}
