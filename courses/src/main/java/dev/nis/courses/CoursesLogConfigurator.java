package dev.nis.courses;

import dev.nis.common.logging.JsonLogConfigurator;
import java.util.List;

/**
 * The courses service's logging ({@link JsonLogConfigurator}): lines carry {@code
 * "service":"courses"}; the MongoDB driver, lettuce, netty, the embedded MongoDB server and gRPC
 * log at WARN and above. Named in {@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 */
public final class CoursesLogConfigurator extends JsonLogConfigurator {
  public CoursesLogConfigurator() {
    super(
        "courses",
        List.of("org.mongodb.driver", "io.lettuce", "io.netty", "de.bwaldvogel", "io.grpc"));
  }
}
