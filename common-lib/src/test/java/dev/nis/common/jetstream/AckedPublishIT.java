package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.nis.common.testing.TestNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A publish acknowledged, refused, unheard and unanswered, on the services' own connection. */
class AckedPublishIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private TestNats nats;
  private Connection connection;

  @BeforeEach
  void setUp() throws Exception {
    nats = TestNats.provisioned();
    connection = NatsConnector.connect(TestNats.URL, "acked-publish-it");
  }

  @AfterEach
  void tearDown() throws Exception {
    connection.close();
    nats.close();
  }

  private String keySubject(String key) {
    return "$KV." + nats.contract().operationsBucket() + "." + key;
  }

  private static NatsMessage message(String subject, Headers headers) {
    return NatsMessage.builder()
        .subject(subject)
        .headers(headers)
        .data("value".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  @Test
  void aStoredMessage_isAcknowledgedWithItsStreamAndSequence() throws Exception {
    PublishAck first = AckedPublish.publish(connection, message(keySubject("a"), null), TIMEOUT);
    PublishAck second = AckedPublish.publish(connection, message(keySubject("b"), null), TIMEOUT);

    assertThat(first.getStream()).isEqualTo("KV_" + nats.contract().operationsBucket());
    assertThat(second.getSeqno()).isEqualTo(first.getSeqno() + 1);
    assertThat(second.isDuplicate()).isFalse();
  }

  @Test
  void anExpectationNotMet_throwsTheStreamsRefusal() throws Exception {
    Headers create = new Headers().put(NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_HDR, "0");
    AckedPublish.publish(connection, message(keySubject("k"), create), TIMEOUT);

    assertThatThrownBy(
            () -> AckedPublish.publish(connection, message(keySubject("k"), create), TIMEOUT))
        .isInstanceOfSatisfying(
            JetStreamApiException.class, e -> assertThat(e.getApiErrorCode()).isEqualTo(10071));
  }

  @Test
  void aRepeatedMessageId_isAcknowledgedAsADuplicate() throws Exception {
    Headers id = new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, "op-1");
    AckedPublish.publish(connection, message(keySubject("d"), id), TIMEOUT);

    assertThat(
            AckedPublish.publish(connection, message(keySubject("d"), id), TIMEOUT).isDuplicate())
        .isTrue();
  }

  @Test
  void aSubjectNoStreamTakes_throwsIOException() {
    String subject = nats.namespace() + ".nowhere";

    assertThatThrownBy(() -> AckedPublish.publish(connection, message(subject, null), TIMEOUT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(subject);
  }

  @Test
  void noAnswer_endsAfterTheTimeoutAndOneSweep() throws Exception {
    // a subscriber that takes the message and never answers: no "no responders" status comes
    String subject = nats.namespace() + ".silent";
    Subscription silent = connection.subscribe(subject);
    connection.flush(TIMEOUT);
    Duration timeout = Duration.ofMillis(300);

    try {
      assertTimeoutPreemptively(
          timeout.plus(NatsConnector.REQUEST_SWEEP).plusSeconds(2),
          () ->
              assertThatThrownBy(
                      () -> AckedPublish.publish(connection, message(subject, null), timeout))
                  .isInstanceOf(IOException.class)
                  .hasMessageContaining("no JetStream acknowledgement"));
    } finally {
      silent.unsubscribe();
    }
  }
}
