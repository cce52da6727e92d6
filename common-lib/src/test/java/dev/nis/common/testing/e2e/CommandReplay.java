package dev.nis.common.testing.e2e;

import dev.nis.common.domain.Operation;
import dev.nis.common.jetstream.Partitions;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.StreamContents;
import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The expected outcome of a service's command streams: every command, partition after partition,
 * each partition in stream order, applied to a plain map with the service's rules ({@link
 * #applies}). What the service stored and reported must equal it. Each service's model extends it
 * with its command type, id and fields.
 *
 * <p>Stream order is the order per entity (one entity's commands share a partition); commands of
 * different entities are applied in parallel, in no order the stream shows. Where a rule spans
 * entities (one live student per full name), a model follows the service's {@link #reported}
 * outcome of the command and checks that it could have happened in some order.
 *
 * @param <C> the service's command
 * @param <K> the id of its entity
 * @param <V> the entity's stored fields
 */
public abstract class CommandReplay<C, K, V> {
  /** The most one partition's stream takes to read. */
  private static final Duration READ_WAIT = Duration.ofSeconds(30);

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

  private Function<String, String> reported = op -> null;

  /**
   * The outcome the service reported for a command ({@code applied}, {@code rejected}, or null),
   * for rules that span entities.
   */
  protected final String reported(C command) {
    return reported.apply(operationId.apply(command).toString());
  }

  /**
   * Reads the service's command streams from their start, then applies each command in stream
   * order; {@code reportedState} gives the state the service reports for an operation id.
   */
  public final CommandReplay<C, K, V> replay(
      RunningService env, Function<String, String> reportedState) throws Exception {
    this.reported = reportedState;
    var contract = env.nats().contract();
    for (int p = 0; p < Partitions.COUNT; p++) {
      for (Message message :
          StreamContents.read(
              env.nats().connection(),
              env.service().commandsStream(contract, p),
              env.service().commandsSubject(contract, p),
              READ_WAIT)) {
        commands.add(decode.apply(message.getData()));
      }
    }
    commands.forEach(this::record);
    return this;
  }

  private void record(C command) {
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
