package dev.nis.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Calls the real netty transport refuses for what the client sent, against a real server: the
 * client gets its status, and the log gets one DEBUG line without a stack trace in place of the
 * transport's WARNING records (what reaches a java.util.logging handler of the transport's loggers
 * is what the JSON log would print).
 */
class TransportRefusalLogTest {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger refusals = (Logger) LoggerFactory.getLogger(TransportRefusalLog.class);
  private final List<LogRecord> transportRecords = new CopyOnWriteArrayList<>();
  private final List<java.util.logging.Logger> transportLoggers = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          transportRecords.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private GrpcServer server;

  @BeforeEach
  void setUp() throws Exception {
    lines.start();
    refusals.addAppender(lines);
    refusals.setLevel(Level.DEBUG);
    server = GrpcServer.onPort(0, List.of()).start();
    for (String name : TransportRefusalLog.TRANSPORT_LOGGERS) {
      java.util.logging.Logger transport = java.util.logging.Logger.getLogger(name);
      transport.addHandler(capture);
      transportLoggers.add(transport);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    transportLoggers.forEach(transport -> transport.removeHandler(capture));
    server.stop(Duration.ofSeconds(1));
    refusals.detachAppender(lines);
    refusals.setLevel(null);
  }

  @Test
  void aMessageOverTheLimit_isRESOURCE_EXHAUSTED_andOneDebugLine() throws Exception {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    try {
      StatusRuntimeException refused =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  HealthGrpc.newBlockingStub(channel)
                      .check(
                          HealthCheckRequest.newBuilder()
                              .setService("x".repeat(5 * 1024 * 1024))
                              .build()));
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    } finally {
      channel.shutdownNow();
    }

    assertRefusalLogged("message exceeds maximum size");
  }

  @Test
  void malformedOrOversizedHeaders_areOneDebugLineEach(@TempDir Path dir) throws Exception {
    Path message = Files.write(dir.resolve("empty-message"), new byte[5]);
    String timeout = curl(message, "grpc-timeout: 12xyz");
    String oversized = curl(message, "x-padding: " + "y".repeat(9000));

    assertThat(timeout).as("a malformed grpc-timeout resets the stream").contains("INTERNAL_ERROR");
    assertThat(oversized).as("headers over 8 KiB").contains("< HTTP/2 431");
    assertRefusalLogged("NumberFormatException");
    assertRefusalLogged("Header size exceeded");
  }

  /** Sends one call with curl over HTTP/2 (cleartext, prior knowledge) and this extra header. */
  private String curl(Path message, String header) throws Exception {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "curl",
                  "-sS",
                  "-v",
                  "--http2-prior-knowledge",
                  "-m",
                  "10",
                  "-H",
                  "content-type: application/grpc",
                  "-H",
                  "te: trailers",
                  "-H",
                  header,
                  "--data-binary",
                  "@" + message,
                  "http://127.0.0.1:" + server.port() + "/grpc.health.v1.Health/Check")
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException noCurl) {
      assumeTrue(false, "curl is not installed: it sends the malformed headers");
      throw noCurl;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }

  private void assertRefusalLogged(String reason) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (lines.list.stream().noneMatch(line -> line.getFormattedMessage().contains(reason))
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(lines.list)
        .filteredOn(line -> line.getFormattedMessage().contains(reason))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
              assertThat(line.getThrowableProxy()).isNull();
              assertThat(line.getFormattedMessage())
                  .startsWith("gRPC call refused by the transport: ");
            });
    assertThat(transportRecords)
        .as("the transport's own WARNING records with their stack traces")
        .filteredOn(record -> record.getLevel() == java.util.logging.Level.WARNING)
        .isEmpty();
  }
}
