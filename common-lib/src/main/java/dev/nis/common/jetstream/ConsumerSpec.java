package dev.nis.common.jetstream;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;

/**
 * The durable pull consumers of one partitioned stream, one per partition, each handing out one
 * message at a time ({@code max_ack_pending = 1}): JetStream itself then keeps each partition in
 * order across every replica that pulls from it, with no coordination of our own.
 *
 * <p>The partitions either share one stream, each consumer filtered on its partition's subject (the
 * enrollment log, whose sequences are the event feed's ids), or have a stream each, consumed
 * without a filter (the command streams). An unfiltered consumer is what keeps NATS 2.9.10 from
 * recounting the consumer's pending messages at every delivery (bench/analysis.md, "nats-server
 * 2.9.10's recount, located"), which took 50–75 % of its CPU under student creates.
 *
 * @param stream the shared stream, or the base of the partitions' stream names ({@link
 *     Partitions#streamName})
 * @param streamPerPartition whether each partition has a stream of its own
 * @param durable the base name; partition {@code p}'s consumer is {@code <durable>-<pp>}
 * @param subjectPrefix the partitions' subjects without their number ({@code
 *     nis.courses.commands.})
 * @param ackWait how long JetStream waits for an ack before redelivering
 * @param poisonLimit deliveries after which a message that keeps failing is dead-lettered
 */
public record ConsumerSpec(
    String stream,
    boolean streamPerPartition,
    String durable,
    String subjectPrefix,
    Duration ackWait,
    int poisonLimit,
    String deadLetterSubject) {

  /** The durable name of partition {@code p}'s consumer. */
  public String durable(int partition) {
    return durable + "-" + "%02d".formatted(partition);
  }

  /** The stream that holds partition {@code p}. */
  public String stream(int partition) {
    return streamPerPartition ? Partitions.streamName(stream, partition) : stream;
  }

  public String filterSubject(int partition) {
    return subjectPrefix + Partitions.checked(partition);
  }

  public ConsumerConfiguration configuration(int partition) {
    return ConsumerConfiguration.builder()
        .durable(durable(partition))
        .filterSubject(streamPerPartition ? null : filterSubject(partition))
        .ackPolicy(AckPolicy.Explicit)
        .deliverPolicy(DeliverPolicy.All)
        .maxAckPending(1)
        .maxDeliver(-1)
        .ackWait(ackWait)
        .build();
  }
}
