package dev.nis.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.ValidationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Assertions on the domain's validation: a refusal is a {@link ValidationException} naming a field.
 */
public final class Refusals {
  private Refusals() {}

  /** Asserts that the call is refused with a {@link ValidationException} naming {@code field}. */
  public static void assertRefusedNaming(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
