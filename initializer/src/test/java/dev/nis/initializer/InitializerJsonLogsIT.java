package dev.nis.initializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.testing.JsonLogLines;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initializer as the process its image runs ({@link Main#main}, its own {@code logback.xml}):
 * every line it writes, on stdout and stderr, is one JSON object, the sentences it writes on stderr
 * for a conflict or a bad configuration included (README.md, "Logs").
 */
class InitializerJsonLogsIT {
  @TempDir Path dir;

  @Test
  void aConflict_isReportedOnlyInJsonLines() throws Exception {
    try (NatsTestNamespace nats = NatsTestNamespace.open()) {
      BucketSpec spec = nats.contract.buckets().getFirst();
      nats.kvm.create(
          KeyValueConfiguration.builder(spec.configuration())
              .storageType(StorageType.Memory)
              .build());

      Run run =
          run(
              Map.of(
                  InitializerConfig.NATS_URL,
                  NatsTestNamespace.NATS_URL,
                  JetStreamContract.NAMESPACE_VARIABLE,
                  nats.contract.namespace(),
                  InitializerConfig.INIT_WAIT,
                  "5s"));

      assertThat(run.exit()).isEqualTo(ExitCode.CONFLICT.code());
      assertThat(run.output().notJsonObjects()).isEmpty();
      assertThat(messagesOf(run, "stderr"))
          .anySatisfy(m -> assertThat(m).startsWith("conflict:").contains(spec.name(), "storage"));
    }
  }

  @Test
  void aBadConfiguration_isReportedOnlyInJsonLines() throws Exception {
    Run run = run(Map.of(InitializerConfig.INIT_WAIT, "forever"));

    assertThat(run.exit()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(run.output().count()).isPositive();
    assertThat(run.output().notJsonObjects()).isEmpty();
    assertThat(messagesOf(run, "stderr"))
        .anySatisfy(m -> assertThat(m).startsWith("initializer failed").contains("INIT_WAIT"));
  }

  private record Run(int exit, JsonLogLines output) {}

  private Run run(Map<String, String> env) throws IOException, InterruptedException {
    Path log = dir.resolve("initializer.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the initializer did not end:\n" + Files.readString(log));
    }
    return new Run(process.exitValue(), JsonLogLines.of(Files.readAllBytes(log)));
  }

  private static List<String> messagesOf(Run run, String logger) {
    return run.output().objects().stream()
        .filter(e -> e.path("logger_name").asText().equals(logger))
        .map(e -> e.path("message").asText())
        .toList();
  }
}
