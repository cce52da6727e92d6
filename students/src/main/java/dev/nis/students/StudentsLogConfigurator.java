package dev.nis.students;

import dev.nis.common.logging.JsonLogConfigurator;
import java.util.List;

/**
 * The students service's logging ({@link JsonLogConfigurator}): lines carry {@code
 * "service":"students"}; jOOQ, Flyway, HikariCP, lettuce, netty and gRPC log at WARN and above.
 * Named in {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 */
public final class StudentsLogConfigurator extends JsonLogConfigurator {
  public StudentsLogConfigurator() {
    super(
        "students",
        List.of(
            "org.jooq", "org.flywaydb", "com.zaxxer.hikari", "io.lettuce", "io.netty", "io.grpc"));
  }
}
