package dev.nis.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Waits for accepted operations to end, as end-to-end tests read them over the API. */
public final class OperationStates {
  private OperationStates() {}

  /**
   * Polls {@code stateOf} (a status such as {@code applied}; {@code pending} or null while open)
   * until every operation has ended; asserts that none is still open after {@code timeout}.
   */
  public static Map<String, String> awaitFinal(
      Iterable<String> operations, Duration timeout, Function<String, String> stateOf)
      throws InterruptedException {
    Map<String, String> states = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> open = new ArrayList<>();
    operations.forEach(open::add);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      List<String> still = new ArrayList<>();
      for (String op : open) {
        String state = stateOf.apply(op);
        if (state == null || state.equals(Operation.State.PENDING.wireName())) {
          still.add(op);
        } else {
          states.put(op, state);
        }
      }
      open = still;
      if (!open.isEmpty()) {
        Thread.sleep(200);
      }
    }
    assertThat(open).as("operations still pending after %s", timeout).isEmpty();
    return states;
  }
}
