package dev.nis.common.testing.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.RunningService;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every cached read of a service, over HTTP and gRPC, sends on a cache hit exactly the bytes it
 * sends on a miss (the hit is the stored answer, the miss the answer rendered from the store), one
 * fill serves both transports, and an applied change is sent fresh by every one of them. Misses are
 * made by evicting the service's whole cache (as a Redis restart would); that a read was a hit or a
 * miss is read from {@code nis_cache_lookups_total}. Each service's {@code CachedAnswersIT} runs it
 * over its own store; its peer is not running, so the relation an entity is created with stays on
 * its side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CachedAnswersContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /**
   * One gRPC read of the service, its answer taken as the bytes on the wire.
   *
   * @param request the request for an argument: an id, a limit, an id of the other side
   */
  public record GrpcRead<Q>(MethodDescriptor<Q, ?> method, Function<String, Q> request) {
    byte[] call(ManagedChannel channel, String argument) {
      MethodDescriptor<Q, byte[]> raw =
          method.toBuilder(method.getRequestMarshaller(), BYTES).build();
      return ClientCalls.blockingUnaryCall(
          channel,
          raw,
          CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
          request.apply(argument));
    }
  }

  /**
   * The service as this contract needs it.
   *
   * @param entityView the {@code view} tag of its look-ups by id, e.g. {@code course}
   * @param relatedView the tag of its related look-ups, e.g. {@code courses_of_student}
   * @param relatedField the JSON field of the relation, e.g. {@code student_ids}
   * @param bodyHolding a valid body with a name, holding one id of the other side
   * @param otherId a new id of the other side
   * @param byId the gRPC read by id; {@code page}: of a page by limit; {@code related}: by an id of
   *     the other side
   */
  public record Reads(
      String entityView,
      String relatedView,
      String relatedField,
      BiFunction<String, String, String> bodyHolding,
      Supplier<String> otherId,
      GrpcRead<?> byId,
      GrpcRead<?> page,
      GrpcRead<?> related) {}

  /**
   * A read over either transport: its name in messages, the look-up view it counts under, and
   * whether its answer holds the entity it is made for (a page of one may hold another).
   */
  private record Read(String name, String view, boolean holdsTheEntity, Supplier<byte[]> send) {}

  private final ServiceFixture fixture;
  private final Reads reads;
  private final HttpClient http = HttpClient.newHttpClient();
  private RunningService env;
  private ApiClient api;
  private ManagedChannel channel;
  private String base;

  protected CachedAnswersContract(ServiceFixture fixture, Reads reads) {
    this.fixture = fixture;
    this.reads = reads;
  }

  @BeforeAll
  void startTheService() throws Exception {
    env = fixture.start();
    api = env.api();
    base = fixture.service().basePath();
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", env.grpcPort(), InsecureChannelCredentials.create())
            .build();
  }

  @AfterAll
  void stopTheService() throws Exception {
    try {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      if (env != null) {
        env.close();
      }
    }
  }

  @Test
  void aHit_sendsTheBytesOfTheMiss_forEveryCachedRead() {
    String other = reads.otherId().get();
    String id = createdHolding("Cached One", other);
    createdHolding("Cached Two", reads.otherId().get());
    String cursor = httpJson(base + "?limit=1").get("next_cursor").asText();

    for (Read read : everyRead(id, other, cursor)) {
      evictTheCache();
      long misses = lookups(read.view(), "miss");
      byte[] miss = read.send().get();
      assertThat(lookups(read.view(), "miss")).as(read.name() + " missed").isEqualTo(misses + 1);

      long hits = lookups(read.view(), "hit");
      byte[] hit = read.send().get();
      assertThat(lookups(read.view(), "hit")).as(read.name() + " hit").isEqualTo(hits + 1);

      assertThat(hit).as(read.name() + ": the hit's bytes are the miss's").isEqualTo(miss);
      if (read.holdsTheEntity()) {
        assertThat(new String(hit, UTF_8)).as(read.name()).contains(id);
      }
    }
  }

  @Test
  void oneFill_servesBothTransports() throws Exception {
    String id = createdHolding("Both Ways", reads.otherId().get());
    evictTheCache();
    JsonNode overHttp = JSON.readTree(httpBytes(base + "/" + id)).get("data");

    long hits = lookups(reads.entityView(), "hit");
    byte[] overGrpc = reads.byId().call(channel, id);

    assertThat(lookups(reads.entityView(), "hit")).isEqualTo(hits + 1);
    assertThat(new String(overGrpc, UTF_8)).contains(id, overHttp.get("name").asText());
  }

  @Test
  void anAppliedChange_isSentFresh_byEveryCachedRead() {
    String other = reads.otherId().get();
    String id = createdHolding("Before Change", other);
    createdHolding("Beside Change", reads.otherId().get());
    String cursor = httpJson(base + "?limit=1").get("next_cursor").asText();
    List<Read> everyRead = everyRead(id, other, cursor);
    everyRead.forEach(read -> read.send().get()); // filled, each of them

    ApiClient.Reply put =
        api.put(base + "/" + id, fixture.body("After Change"), "Prefer", "wait=10");
    assertThat(put.status()).as(put.body()).isEqualTo(200);

    for (Read read : everyRead.subList(0, everyRead.size() - 1)) { // related: below
      String sent = new String(read.send().get(), UTF_8);
      if (read.holdsTheEntity() || sent.contains(id)) {
        assertThat(sent).as(read.name()).contains("After Change").doesNotContain("Before Change");
      }
    }
    // the body named no relation: the entity leaves the related view of the one it held
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(new String(reads.related().call(channel, other), UTF_8))
                    .doesNotContain(id));
  }

  /**
   * The cached reads: by id, the whole list, a first and a next page, and (last) the related view.
   */
  private List<Read> everyRead(String id, String other, String cursor) {
    String view = reads.entityView();
    return List.of(
        new Read("HTTP GET by id", view, true, () -> httpBytes(base + "/" + id)),
        new Read("HTTP GET the list", "list", true, () -> httpBytes(base + "?limit=1000")),
        new Read("gRPC by id", view, true, () -> reads.byId().call(channel, id)),
        new Read("gRPC list", "list", true, () -> reads.page().call(channel, "1000")),
        new Read("HTTP GET a first page", "list", false, () -> httpBytes(base + "?limit=1")),
        new Read(
            "HTTP GET a next page",
            "list",
            false,
            () -> httpBytes(base + "?limit=1&cursor=" + cursor)),
        new Read(
            "gRPC related", reads.relatedView(), true, () -> reads.related().call(channel, other)));
  }

  /** Creates an entity holding {@code other} and waits until its side shows the relation. */
  private String createdHolding(String name, String other) {
    String unique = name + " " + UUID.randomUUID().toString().substring(0, 4);
    ApiClient.Reply created =
        api.post(base, reads.bodyHolding().apply(unique, other), "Prefer", "wait=10");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.data().get("id").asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> api.get(base + "/" + id).data().get(reads.relatedField()).toString(),
            held -> held.contains(other));
    return id;
  }

  private byte[] httpBytes(String path) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(env.baseUri() + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode httpJson(String path) {
    try {
      return JSON.readTree(httpBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops every key of the service's cache, generations included, as a Redis restart would. */
  private void evictTheCache() {
    String prefix = env.environment().get("CACHE_KEY_PREFIX");
    RedisClient client = RedisClient.create(RunningService.REDIS_URL);
    try (var connection = client.connect()) {
      var commands = connection.sync();
      ScanIterator<String> keys =
          ScanIterator.scan(commands, ScanArgs.Builder.matches(prefix + "*"));
      while (keys.hasNext()) {
        commands.del(keys.next());
      }
    } finally {
      client.shutdown();
    }
  }

  /** {@code nis_cache_lookups_total} of one view and result, as /metrics shows it now. */
  private long lookups(String view, String result) {
    return api.get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith("nis_cache_lookups_total{"))
        .filter(line -> line.contains("view=\"" + view + "\""))
        .filter(line -> line.contains("result=\"" + result + "\""))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
