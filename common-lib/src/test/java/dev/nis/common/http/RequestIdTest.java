package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdTest {
  @Test
  void theCallersId_isKept() {
    assertThat(RequestId.fromHeader("3f2a-kong#12")).isEqualTo("3f2a-kong#12");
  }

  @Test
  void aMissingBlankOrUnprintableId_isReplacedByAUuid() {
    for (String header : new String[] {null, "", "has space", "line\nbreak", "x".repeat(129)}) {
      String id = RequestId.fromHeader(header);
      assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }
  }

  @Test
  void newIds_areDistinctVersion4Uuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestId.generate();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }
}
