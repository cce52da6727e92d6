package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.RunningService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * I3: concurrent readers (by id and by list, through the cache) and a writer of successive
 * versions. Once the writer has seen version v applied, no read that starts later returns a version
 * older than v. Each service's {@code ReadYourAppliedWritesIT} runs it over its own store.
 */
public abstract class ReadYourAppliedWritesContract {
  private static final int VERSIONS = 40;
  private static final Pattern VERSION = Pattern.compile("\"name\":\"version-(\\d+)\"");

  private record Read(long startedAt, int version) {}

  private final ServiceFixture fixture;

  protected ReadYourAppliedWritesContract(ServiceFixture fixture) {
    this.fixture = fixture;
  }

  @Test
  void afterAnOperationReadsApplied_noReadReturnsTheOlderState() throws Exception {
    String base = fixture.service().basePath();
    try (RunningService env = fixture.start()) {
      ApiClient api = env.api();
      String id =
          api.post(base, fixture.body("version-0"), "Prefer", "wait=10").data().get("id").asText();
      long[] appliedSeenAt = new long[VERSIONS + 1];
      List<Read> reads = new CopyOnWriteArrayList<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService readers = Executors.newFixedThreadPool(4);
      for (int r = 0; r < 4; r++) {
        String path = r % 2 == 0 ? base + "/" + id : base + "?limit=1000";
        readers.submit(
            () -> {
              while (writing.get()) {
                long start = System.nanoTime();
                versionIn(api.get(path).body(), id).ifPresent(v -> reads.add(new Read(start, v)));
              }
            });
      }
      for (int v = 1; v <= VERSIONS; v++) {
        ApiClient.Reply reply =
            api.put(base + "/" + id, fixture.body("version-" + v), "Prefer", "wait=10");
        assertThat(reply.status()).isEqualTo(200);
        appliedSeenAt[v] = System.nanoTime();
      }
      writing.set(false);
      readers.shutdown();
      assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      ConcurrentHashMap<Integer, Integer> stale = new ConcurrentHashMap<>();
      for (Read read : reads) {
        int newestApplied = 0;
        for (int v = VERSIONS; v >= 1; v--) {
          if (appliedSeenAt[v] < read.startedAt()) {
            newestApplied = v;
            break;
          }
        }
        if (read.version() < newestApplied) {
          stale.merge(newestApplied, 1, Integer::sum);
        }
      }
      assertThat(reads).hasSizeGreaterThan(VERSIONS);
      assertThat(stale).as("stale reads by the version already applied").isEmpty();
      assertThat(api.get("/metrics").body())
          .as("the cache served reads")
          .containsPattern("nis_cache_lookups_total\\{[^}]*result=\"hit\"[^}]*\\} [1-9]");
      System.out.printf(
          "read-your-applied-writes: %d reads, %d versions, 0 stale%n", reads.size(), VERSIONS);
    }
  }

  /** The version of the entity in a body (the entity or a list holding it). */
  private static Optional<Integer> versionIn(String body, String id) {
    int at = body.indexOf("\"id\":\"" + id + "\"");
    if (at < 0) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(body);
    return m.find(at) ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }
}
