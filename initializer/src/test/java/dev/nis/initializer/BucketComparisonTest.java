package dev.nis.initializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.jetstream.JetStreamContract;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BucketComparisonTest {
  private final KeyValueConfiguration declared =
      JetStreamContract.defaults().buckets().getFirst().configuration();

  private KeyValueConfiguration.Builder existing() {
    return KeyValueConfiguration.builder(declared);
  }

  @Test
  void sameDeclaredFields_noDifference() {
    KeyValueConfiguration tuned = existing().maxBucketSize(1 << 20).build();

    assertThat(BucketComparison.diff(tuned, declared).isEmpty()).isTrue();
  }

  @Test
  void changedTtlHistoryAndDescription_areUpdatable() {
    KeyValueConfiguration drifted =
        existing().ttl(Duration.ofHours(1)).maxHistoryPerKey(5).description("old").build();

    ConfigurationDiff diff = BucketComparison.diff(drifted, declared);

    assertThat(diff.hasFixed()).isFalse();
    assertThat(diff.updatable())
        .containsExactly(
            new FieldDifference(
                "description",
                "old",
                "Outcome of every accepted operation: pending, applied or rejected",
                true),
            new FieldDifference("ttl", "PT1H", "PT24H", true),
            new FieldDifference("history", "5", "1", true));
  }

  @Test
  void changedStorage_isFixed() {
    KeyValueConfiguration inMemory = existing().storageType(StorageType.Memory).build();

    assertThat(BucketComparison.diff(inMemory, declared).fixed())
        .containsExactly(new FieldDifference("storage", "memory", "file", false));
  }

  @Test
  void update_setsDeclaredFields_andKeepsTheOthers() {
    KeyValueConfiguration drifted =
        existing().ttl(Duration.ofHours(1)).maxHistoryPerKey(5).maxBucketSize(1 << 20).build();

    KeyValueConfiguration update = BucketComparison.withDeclaredFields(drifted, declared);

    assertThat(BucketComparison.diff(update, declared).isEmpty()).isTrue();
    assertThat(update.getMaxBucketSize()).isEqualTo(1 << 20);
  }
}
