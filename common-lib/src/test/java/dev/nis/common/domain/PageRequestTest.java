package dev.nis.common.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {
  @Test
  void missingOrZeroLimit_meansTheDefault() {
    assertThat(PageRequest.of(null, null).limit()).isEqualTo(100);
    assertThat(PageRequest.of(0, "").limit()).isEqualTo(100);
  }

  @Test
  void limitOutsideOneToAThousand_isRefusedNamingLimit() {
    assertThatThrownBy(() -> PageRequest.of(1001, null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    assertThatThrownBy(() -> PageRequest.of(-1, null)).isInstanceOf(ValidationException.class);
  }

  @Test
  void cursorOfAPage_leadsToTheItemsAfterItsLastId() {
    Page<String> page = Page.fromLookahead(List.of("a", "b", "c"), 2, s -> s);

    assertThat(page.items()).containsExactly("a", "b");
    assertThat(PageRequest.of(2, page.nextCursor().orElseThrow()).afterId()).contains("b");
  }

  @Test
  void lastPage_hasNoCursor() {
    assertThat(Page.fromLookahead(List.of("a"), 2, s -> s).nextCursor()).isEmpty();
  }

  @Test
  void foreignCursor_isRefusedNamingCursor() {
    assertThatThrownBy(() -> PageRequest.of(10, "not-a-cursor!"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
  }
}
