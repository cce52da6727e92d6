package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.port.out.IdempotencyStore.Claim;
import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.RequestFingerprint;
import dev.nis.common.testing.TestNats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idempotency bucket on the machine's NATS, under the test's own namespace. */
class JetStreamIdempotencyStoreIT {
  private static final IdempotencyKey KEY =
      new IdempotencyKey("consumer-1", "8e03978e-40d5-43e8-bc93-6894a57f9324");

  private TestNats nats;
  private JetStreamIdempotencyStore courses;

  @BeforeEach
  void setUp() throws Exception {
    nats = TestNats.provisioned();
    courses = store("courses");
  }

  @AfterEach
  void tearDown() throws Exception {
    nats.close();
  }

  private JetStreamIdempotencyStore store(String service) throws Exception {
    return new JetStreamIdempotencyStore(nats.connection(), nats.contract(), service);
  }

  private static Claim aClaim(String body) {
    return new Claim(
        RequestFingerprint.of("POST", "/api/courses", body.getBytes(StandardCharsets.UTF_8)),
        OperationId.random(),
        "65f0c0ffee0000000000beef",
        Instant.now());
  }

  @Test
  void anUnusedKey_isAbsent() {
    assertThat(courses.find(KEY)).isEmpty();
  }

  @Test
  void theFirstClaim_isRecorded_andReadBackWithTheServersTime() {
    Claim claim = aClaim("{}");
    Instant before = Instant.now().minusSeconds(5);

    assertThat(courses.claim(KEY, claim)).isEmpty();

    Claim read = courses.find(KEY).orElseThrow();
    assertThat(read.fingerprint()).isEqualTo(claim.fingerprint());
    assertThat(read.operationId()).isEqualTo(claim.operationId());
    assertThat(read.entityId()).isEqualTo(claim.entityId());
    assertThat(read.claimedAt()).isBetween(before, Instant.now().plusSeconds(5));
  }

  @Test
  void aSecondClaim_getsTheFirst_andChangesNothing() {
    Claim first = aClaim("{}");
    courses.claim(KEY, first);

    Optional<Claim> second = courses.claim(KEY, aClaim("{\"other\": 1}"));

    assertThat(second).get().extracting(Claim::operationId).isEqualTo(first.operationId());
    assertThat(courses.find(KEY).orElseThrow().operationId()).isEqualTo(first.operationId());
  }

  @Test
  void concurrentClaimsOfOneKey_recordExactlyOne() throws Exception {
    List<Claim> claims = IntStream.range(0, 8).mapToObj(i -> aClaim("{}")).toList();
    ExecutorService pool = Executors.newFixedThreadPool(claims.size());
    try {
      List<Future<Optional<Claim>>> answers =
          pool.invokeAll(
              claims.stream()
                  .map(c -> (Callable<Optional<Claim>>) () -> courses.claim(KEY, c))
                  .toList());
      long won = 0;
      for (Future<Optional<Claim>> answer : answers) {
        won += answer.get().isEmpty() ? 1 : 0;
      }
      assertThat(won).isOne();
      OperationId recorded = courses.find(KEY).orElseThrow().operationId();
      for (Future<Optional<Claim>> answer : answers) {
        answer.get().ifPresent(first -> assertThat(first.operationId()).isEqualTo(recorded));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keys_areScopedPerServiceAndPerConsumer() throws Exception {
    courses.claim(KEY, aClaim("{}"));

    assertThat(store("students").find(KEY)).isEmpty();
    assertThat(courses.find(new IdempotencyKey("consumer-2", KEY.value()))).isEmpty();
    assertThat(courses.find(new IdempotencyKey("", KEY.value()))).isEmpty();
  }

  @Test
  void aKeyWithCharactersNoBucketKeyMayHold_isStoredUnderItsDigest() {
    IdempotencyKey odd = new IdempotencyKey("", "a key with \"quotes\", spaces and * > .");

    assertThat(courses.claim(odd, aClaim("{}"))).isEmpty();

    assertThat(courses.find(odd)).isPresent();
    assertThat(courses.entryName(odd)).matches("courses\\.[0-9a-f]{64}");
  }

  @Test
  void theBucket_forgetsKeysAfterADay() throws Exception {
    assertThat(
            nats.connection().keyValueManagement().getStatus(nats.contract().idempotencyBucket()))
        .satisfies(status -> assertThat(status.getTtl()).isEqualTo(Duration.ofDays(1)));
  }
}
