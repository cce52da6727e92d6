package dev.nis.initializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.Partitions;
import dev.nis.initializer.Outcome.Retired;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retirement of a command stream of the layout before December 2026 ({@link
 * CommandStreamMigration}), against the real NATS server: the stream and its partition consumers
 * are made as the earlier version made them.
 */
class CommandStreamMigrationIT {
  private static final int COMMANDS = 40;

  private NatsTestNamespace nats;

  @BeforeEach
  void openNamespace() throws Exception {
    nats = NatsTestNamespace.open();
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    nats.close();
  }

  @Test
  void appliedLegacyStream_isRetired_andItsSuccessorsNumberAfterIt() throws Exception {
    String legacy = createLegacyStream("courses");
    applyAll("courses", COMMANDS);

    ProvisioningReport report = nats.provision();

    assertThat(report.retired())
        .containsExactly(new Retired(ResourceKind.STREAM, legacy, COMMANDS));
    assertThat(report.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(streamExists(legacy)).isFalse();
    for (int p = 0; p < Partitions.COUNT; p++) {
      var state =
          nats.jsm.getStreamInfo(nats.contract.commandsStream("courses", p)).getStreamState();
      assertThat(state.getFirstSequence()).as("partition %d", p).isGreaterThan(COMMANDS);
      assertThat(state.getMsgCount()).isZero();
    }
    PublishAck next = publish("courses", 5, "after the move");
    assertThat(next.getStream()).isEqualTo(nats.contract.commandsStream("courses", 5));
    assertThat(next.getSeqno())
        .as("above every sequence an entity can hold")
        .isGreaterThan(COMMANDS);
    assertThat(nats.runInitializer()).as(nats.stderr()).isZero();
    assertThat(nats.provision().retired()).as("nothing left to retire").isEmpty();
  }

  @Test
  void legacyStreamWithUnappliedCommands_failsByName_andIsLeftAsItWas() throws Exception {
    String legacy = createLegacyStream("students");
    applyAll("students", COMMANDS);
    publish("students", 3, "not applied");
    publish("students", 9, "not applied either");
    StreamInfo before = nats.jsm.getStreamInfo(legacy);

    int exit = nats.runInitializer(1, "5s", "1s");

    assertThat(exit).isEqualTo(ExitCode.FAILURE.code());
    assertThat(nats.stderr())
        .contains("failed: stream " + legacy)
        .contains("still holds 2 commands not applied")
        .contains("students-command-applier-03=1")
        .contains("INIT_DRAIN_WAIT");
    StreamInfo after = nats.jsm.getStreamInfo(legacy);
    assertThat(after.getConfiguration().getSubjects())
        .isEqualTo(before.getConfiguration().getSubjects());
    assertThat(after.getStreamState().getMsgCount()).isEqualTo(COMMANDS + 2);
    assertThat(streamExists(nats.contract.commandsStream("students", 0))).isFalse();
    assertThat(streamExists(nats.contract.commandsStream("courses", 0)))
        .as("the other service's streams are provisioned")
        .isTrue();
    assertThat(publish("students", 3, "accepted again").getStream()).isEqualTo(legacy);
  }

  @Test
  void unpartitionedStreamOfTheLayoutBefore_withCommandsNoConsumerReads_isNotRetired()
      throws Exception {
    String legacy = nats.contract.legacyCommandsStream("courses");
    String unpartitioned = nats.contract.namespace() + ".courses.commands";
    nats.jsm.addStream(
        StreamConfiguration.builder()
            .name(legacy)
            .subjects(unpartitioned)
            .storageType(StorageType.File)
            .build());
    nats.connection.jetStream().publish(unpartitioned, "queued".getBytes(StandardCharsets.UTF_8));

    int exit = nats.runInitializer(1, "5s", "1s");

    assertThat(exit).isEqualTo(ExitCode.FAILURE.code());
    assertThat(nats.stderr()).contains("no consumer reads " + unpartitioned + "=1");
    assertThat(nats.jsm.getStreamInfo(legacy).getConfiguration().getSubjects())
        .containsExactly(unpartitioned);
    assertThat(nats.jsm.getStreamInfo(legacy).getStreamState().getMsgCount()).isEqualTo(1);
  }

  @Test
  void legacyStream_refusesNewCommands_whileTheEarlierServiceAppliesTheRest() throws Exception {
    String legacy = createLegacyStream("courses");
    publish("courses", 0, "queued before the upgrade");
    publish("courses", 17, "queued before the upgrade too");

    CompletableFuture<Integer> initializer =
        CompletableFuture.supplyAsync(() -> nats.runInitializer(1, "5s", "20s"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !nats.jsm
                    .getStreamInfo(legacy)
                    .getConfiguration()
                    .getSubjects()
                    .equals(List.of(nats.contract.legacyCommandsSubjects("courses"))));
    assertThatThrownBy(() -> publish("courses", 4, "accepted during the upgrade?"))
        .as("a mutation sent to the earlier version now is refused, not accepted and lost")
        .isInstanceOf(IOException.class);
    assertThat(initializer).isNotDone();
    applyAll("courses", 2);

    assertThat(initializer.get()).as(nats.stderr()).isZero();
    assertThat(streamExists(legacy)).isFalse();
    assertThat(
            nats.jsm
                .getStreamInfo(nats.contract.commandsStream("courses", 4))
                .getStreamState()
                .getFirstSequence())
        .isGreaterThanOrEqualTo(3);
  }

  /** The stream and the partition consumers the earlier version made. */
  private String createLegacyStream(String service) throws IOException, JetStreamApiException {
    JetStreamContract contract = nats.contract;
    String name = contract.legacyCommandsStream(service);
    nats.jsm.addStream(
        StreamConfiguration.builder()
            .name(name)
            .subjects(contract.legacyCommandsSubjects(service))
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(2))
            .build());
    ConsumerSpec spec = legacyConsumers(service);
    for (int p = 0; p < Partitions.COUNT; p++) {
      nats.jsm.addOrUpdateConsumer(name, spec.configuration(p));
    }
    return name;
  }

  private ConsumerSpec legacyConsumers(String service) {
    ConsumerSpec current = nats.contract.commandsConsumer(service);
    return new ConsumerSpec(
        nats.contract.legacyCommandsStream(service),
        false,
        current.durable(),
        current.subjectPrefix(),
        current.ackWait(),
        current.poisonLimit(),
        current.deadLetterSubject());
  }

  /**
   * Publishes {@code count} commands when there are none yet (else applies the queued ones), each
   * then delivered and acked through its partition's consumer, as the earlier version applied them.
   */
  private void applyAll(String service, int count) throws Exception {
    String name = nats.contract.legacyCommandsStream(service);
    if (nats.jsm.getStreamInfo(name).getStreamState().getMsgCount() == 0) {
      for (int i = 0; i < count; i++) {
        publish(service, i % Partitions.COUNT, "command " + i);
      }
    }
    ConsumerSpec spec = legacyConsumers(service);
    int applied = 0;
    for (int p = 0; p < Partitions.COUNT; p++) {
      JetStreamSubscription sub =
          nats.connection
              .jetStream()
              .subscribe(
                  spec.filterSubject(p), PullSubscribeOptions.fastBind(name, spec.durable(p)));
      while (nats.jsm.getConsumerInfo(name, spec.durable(p)).getNumPending() > 0) {
        for (Message message : sub.fetch(1, Duration.ofSeconds(2))) {
          message.ackSync(Duration.ofSeconds(2));
          applied++;
        }
      }
      sub.unsubscribe();
    }
    assertThat(applied).isEqualTo(count);
  }

  private PublishAck publish(String service, int partition, String text) throws Exception {
    return nats.connection
        .jetStream()
        .publish(
            nats.contract.commandsSubject(service, partition),
            text.getBytes(StandardCharsets.UTF_8),
            PublishOptions.builder().streamTimeout(Duration.ofSeconds(2)).build());
  }

  private boolean streamExists(String name) throws IOException, JetStreamApiException {
    try {
      nats.jsm.getStreamInfo(name);
      return true;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
