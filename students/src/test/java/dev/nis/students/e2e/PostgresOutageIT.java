package dev.nis.students.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.GrpcHealth;
import dev.nis.common.testing.RunningService;
import dev.nis.students.testing.TcpProxy;
import dev.nis.students.testing.TestPostgres;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * I6 for PostgreSQL: with the database gone, reads it must answer and every mutation are a 503 with
 * Retry-After within a few seconds (nothing is queued), the service reports not ready (over HTTP
 * and in the gRPC health service), and it recovers by itself when the database returns. The
 * database is taken away through a TCP proxy, since the machine's PostgreSQL is shared.
 */
class PostgresOutageIT {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/(.+)");

  @Test
  void postgresDown_is503AndNotReady_andTheServiceRecoversByItself() throws Exception {
    Matcher url = URL.matcher(TestPostgres.URL);
    assertThat(url.matches()).as("POSTGRES_URL %s", TestPostgres.URL).isTrue();
    int port = url.group(2) == null ? 5432 : Integer.parseInt(url.group(2));
    try (TcpProxy proxy = TcpProxy.to(url.group(1), port);
        RunningService env =
            new RunningStudents(postgres)
                .prepare(
                    Map.of(
                        "POSTGRES_URL",
                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + url.group(3)))
                .startInProcess()) {
      ApiClient api = env.api();
      ApiClient.Reply created =
          api.post("/api/students", StudentJson.student("before"), "Prefer", "wait=10");
      assertThat(created.status()).isEqualTo(201);
      String id = created.data().get("id").asText();
      assertThat(api.get("/api/students/" + id).status()).as("read once: cached").isEqualTo(200);
      assertThat(api.get("/api/students/ready").status()).isEqualTo(200);
      assertThat(GrpcHealth.check(env.grpcPort())).isEqualTo(ServingStatus.SERVING);

      long queuedBefore = env.queuedCommands();
      proxy.cut();

      assertUnavailableFast(() -> api.get("/api/students/" + StudentId.next()));
      assertUnavailableFast(() -> api.get("/api/students?limit=7"));
      assertUnavailableFast(() -> api.post("/api/students", StudentJson.student("during")));
      assertUnavailableFast(() -> api.delete("/api/students/" + id));
      assertThat(env.queuedCommands()).as("nothing queued while down").isEqualTo(queuedBefore);
      assertThat(api.get("/api/students/ready").status()).isEqualTo(503);
      assertThat(GrpcHealth.await(env.grpcPort(), ServingStatus.NOT_SERVING, Duration.ofSeconds(3)))
          .as("the gRPC health service follows readiness")
          .isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(api.get("/api/students/health").status()).as("still alive").isEqualTo(200);
      assertThat(api.get("/api/students/" + id).status())
          .as("what the cache holds is still served")
          .isEqualTo(200);

      proxy.restore();

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (api.get("/api/students/ready").status() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(api.get("/api/students/ready").status()).isEqualTo(200);
      assertThat(GrpcHealth.await(env.grpcPort(), ServingStatus.SERVING, Duration.ofSeconds(3)))
          .isEqualTo(ServingStatus.SERVING);
      assertThat(
              api.post("/api/students", StudentJson.student("after"), "Prefer", "wait=10").status())
          .isEqualTo(201);
      assertThat(api.get("/api/students?limit=7").status()).isEqualTo(200);
    }
  }

  private static void assertUnavailableFast(Supplier<ApiClient.Reply> call) {
    long start = System.nanoTime();
    ApiClient.Reply reply = call.get();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(reply.status()).as(reply.body()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isNotBlank();
  }
}
