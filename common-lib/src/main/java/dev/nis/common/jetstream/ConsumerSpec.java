package dev.nis.common.jetstream;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;

/**
 * A durable pull consumer that hands out one message at a time ({@code max_ack_pending = 1}): the
 * original's "one operation at a time", and log order for the appliers.
 *
 * @param poisonLimit deliveries after which a message that keeps failing is dead-lettered
 */
public record ConsumerSpec(
    String stream,
    String durable,
    String filterSubject,
    Duration ackWait,
    int poisonLimit,
    String deadLetterSubject) {

  public ConsumerConfiguration configuration() {
    return ConsumerConfiguration.builder()
        .durable(durable)
        .filterSubject(filterSubject)
        .ackPolicy(AckPolicy.Explicit)
        .deliverPolicy(DeliverPolicy.All)
        .maxAckPending(1)
        .maxDeliver(-1)
        .ackWait(ackWait)
        .build();
  }
}
