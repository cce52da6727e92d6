package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.PageRequest;
import dev.nis.common.redis.CacheKeys;
import org.junit.jupiter.api.Test;

/**
 * A service's cache keys, held once: every key under the prefix, values and generations apart, list
 * pages keyed by the list generation and the request. A subclass per service gives its keys, one id
 * of each side and the keys it expects for them (after the prefix).
 */
public abstract class CacheKeysContract {
  private final CacheKeys keys;
  private final String prefix;
  private final Object id;
  private final String valueKey;
  private final Object other;
  private final String relatedKey;

  /**
   * @param valueKey the expected key of {@code id}'s value, after the prefix
   * @param relatedKey the expected key of the entities related to {@code other}, after the prefix
   */
  protected CacheKeysContract(
      CacheKeys keys, String prefix, Object id, String valueKey, Object other, String relatedKey) {
    this.keys = keys;
    this.prefix = prefix;
    this.id = id;
    this.valueKey = valueKey;
    this.other = other;
    this.relatedKey = relatedKey;
  }

  @Test
  void everyKey_isUnderThePrefix_andValuesAndGenerationsDiffer() {
    assertThat(keys.value(id)).isEqualTo(prefix + valueKey);
    assertThat(keys.generation(id)).isEqualTo(prefix + "gen:" + valueKey);
    assertThat(keys.related(other)).isEqualTo(prefix + relatedKey);
    assertThat(keys.relatedGeneration(other)).isEqualTo(prefix + "gen:" + relatedKey);
    assertThat(keys.listGeneration()).isEqualTo(prefix + "gen:list");
  }

  @Test
  void aPageKey_holdsTheListGeneration_andTheRequest() {
    PageRequest first = PageRequest.first(10);

    assertThat(keys.page("3", first)).isEqualTo(prefix + "list:3:10:");
    assertThat(keys.pagePrefix() + "3" + keys.pageSuffix(first)).isEqualTo(keys.page("3", first));
    assertThat(keys.page("4", first)).isNotEqualTo(keys.page("3", first));
    assertThat(keys.page("3", PageRequest.first(20))).isNotEqualTo(keys.page("3", first));
  }
}
