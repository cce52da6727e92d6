package dev.nis.common.testing.e2e;

import dev.nis.common.domain.Operation;
import dev.nis.common.testing.RunningService;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The expected outcome of a service's command stream: every command in stream order, applied to a
 * plain map with the service's rules ({@link #applies}). What the service stored and reported must
 * equal it. Each service's model extends it with its command type, id and fields.
 *
 * @param <C> the service's command
 * @param <K> the id of its entity
 * @param <V> the entity's stored fields
 */
public abstract class CommandReplay<C, K, V> {
  protected final List<C> commands = new ArrayList<>();
  protected final Map<K, V> state = new LinkedHashMap<>();
  private final Map<String, Operation.State> outcomes = new HashMap<>();
  private final Function<byte[], C> decode;
  private final Function<C, ?> operationId;

  /** With the service's decoding of a stream message, and a command's operation id. */
  protected CommandReplay(Function<byte[], C> decode, Function<C, ?> operationId) {
    this.decode = decode;
    this.operationId = operationId;
  }

  /** Applies one command to {@link #state} with the service's rules: whether it was applied. */
  protected abstract boolean applies(C command);

  /** Reads the service's command stream from its start, decoding and applying each command. */
  public final CommandReplay<C, K, V> replay(RunningService env) throws Exception {
    var contract = env.nats().contract();
    JetStreamSubscription sub =
        env.nats()
            .connection()
            .jetStream()
            .subscribe(
                env.service().commandsSubjects(contract),
                PullSubscribeOptions.builder().stream(env.service().commandsStream(contract))
                    .build());
    try {
      while (true) {
        List<Message> batch = sub.fetch(256, Duration.ofMillis(500));
        if (batch.isEmpty()) {
          return this;
        }
        for (Message message : batch) {
          message.ack();
          record(decode.apply(message.getData()));
        }
      }
    } finally {
      sub.unsubscribe();
    }
  }

  private void record(C command) {
    commands.add(command);
    outcomes.put(
        operationId.apply(command).toString(),
        applies(command) ? Operation.State.APPLIED : Operation.State.REJECTED);
  }

  /** How many commands the stream holds. */
  public int size() {
    return commands.size();
  }

  public long distinctOperations() {
    return commands.stream().map(operationId).distinct().count();
  }

  /** Each operation's expected end, by operation id. */
  public Map<String, Operation.State> outcomes() {
    return outcomes;
  }

  /** The entities that must be stored, by id. */
  public Map<K, V> state() {
    return state;
  }

  /** What the replay found beyond the counts, for the test log: empty, or ", " and a phrase. */
  public String summary() {
    return "";
  }
}
