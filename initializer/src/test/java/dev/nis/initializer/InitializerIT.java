package dev.nis.initializer;

import static dev.nis.initializer.ResourceKind.BUCKET;
import static dev.nis.initializer.ResourceKind.STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.StreamSpec;
import dev.nis.initializer.Outcome.Conflict;
import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the initializer against the real NATS server, each test in its own namespace. */
class InitializerIT {
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
  void firstRun_createsEveryStreamAndBucketAsDeclared() throws Exception {
    assertThat(nats.runInitializer()).isZero();

    for (StreamSpec spec : nats.contract.streams()) {
      StreamConfiguration actual = nats.jsm.getStreamInfo(spec.name()).getConfiguration();
      assertThat(actual.getRetentionPolicy()).as(spec.name()).isEqualTo(spec.retention());
      assertThat(actual.getSubjects()).as(spec.name()).isEqualTo(spec.subjects());
      assertThat(actual.getMaxAge()).as(spec.name()).isEqualTo(spec.maxAge());
      assertThat(actual.getDuplicateWindow()).as(spec.name()).isEqualTo(spec.duplicateWindow());
      assertThat(actual.getStorageType()).as(spec.name()).isEqualTo(StorageType.File);
      assertThat(actual.getDescription()).as(spec.name()).isEqualTo(spec.description());
    }
    for (BucketSpec spec : nats.contract.buckets()) {
      KeyValueStatus actual = nats.kvm.getStatus(spec.name());
      assertThat(actual.getTtl()).as(spec.name()).isEqualTo(spec.ttl());
      assertThat(actual.getMaxHistoryPerKey()).as(spec.name()).isEqualTo(spec.history());
      assertThat(actual.getStorageType()).as(spec.name()).isEqualTo(StorageType.File);
      assertThat(actual.getDescription()).as(spec.name()).isEqualTo(spec.description());
    }
    assertThat(nats.stderr()).isEmpty();
  }

  /**
   * initializer/README.md gives "delete the stream and run the job again" for a conflict. The
   * stream made again must number its messages above the deleted one's: the entities' sequence
   * guards took each new command numbered from 1 again for a redelivery, and applied nothing.
   */
  @Test
  void aStreamDeletedAndMadeAgain_numbersItsMessagesAboveTheEarlierOnes() throws Exception {
    assertThat(nats.runInitializer()).isZero();
    String stream = nats.contract.commandsStream("courses", 3);
    String subject = nats.contract.commandsSubject("courses", 3);
    long earlier = 0;
    for (int i = 0; i < 3; i++) {
      earlier = nats.connection.jetStream().publish(subject, new byte[] {1}).getSeqno();
    }

    nats.jsm.deleteStream(stream);
    assertThat(nats.runInitializer()).isZero();

    StreamConfiguration made = nats.jsm.getStreamInfo(stream).getConfiguration();
    assertThat(made.getSubjects()).containsExactly(subject);
    long next = nats.connection.jetStream().publish(subject, new byte[] {1}).getSeqno();
    assertThat(next).isGreaterThan(earlier);
  }

  @Test
  void secondRun_reportsEverythingUnchanged_andChangesNothing() throws Exception {
    assertThat(nats.runInitializer()).isZero();
    Map<String, String> before = snapshot();

    ProvisioningReport second = nats.provision();
    assertThat(nats.runInitializer()).isZero();

    assertThat(second.outcomes()).allMatch(Unchanged.class::isInstance);
    assertThat(second.unchanged()).extracting(Outcome::name).containsExactlyElementsOf(allNames());
    assertThat(second.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void streamWithAnotherRetention_isReportedByName_andLeftAsItIs() throws Exception {
    String enrollment = nats.contract.enrollmentStream();
    nats.jsm.addStream(
        StreamConfiguration.builder()
            .name(enrollment)
            .subjects(nats.contract.enrollmentSubjects())
            .retentionPolicy(RetentionPolicy.WorkQueue)
            .storageType(StorageType.File)
            .build());
    nats.connection.jetStream().publish(nats.contract.enrollmentSubject(0), bytes("op-1"));
    StreamInfo before = nats.jsm.getStreamInfo(enrollment);

    int exit = nats.runInitializer();

    assertThat(exit).isEqualTo(2);
    assertThat(nats.stderr()).contains(enrollment).contains("retention");
    StreamInfo after = nats.jsm.getStreamInfo(enrollment);
    assertThat(after.getCreateTime()).isEqualTo(before.getCreateTime());
    assertThat(after.getConfiguration().toJson()).isEqualTo(before.getConfiguration().toJson());
    assertThat(after.getStreamState().getMsgCount()).isEqualTo(1);
    assertThat(nats.provision().conflicts())
        .containsExactly(new Conflict(STREAM, enrollment, "retention", "workqueue", "limits"));
    for (String other : allNames()) {
      if (!other.equals(enrollment)) {
        assertThat(exists(other)).as(other).isTrue();
      }
    }
  }

  @Test
  void streamWithUpdatableDifferences_isUpdatedInPlace_keepingMessagesAndOtherLimits()
      throws Exception {
    String courses = nats.contract.commandsStream("courses", 0);
    StreamConfiguration declared = nats.contract.streams().getFirst().configuration();
    nats.jsm.addStream(
        StreamConfiguration.builder(declared)
            .description("an older description")
            .maxAge(Duration.ofHours(1))
            .maxMessages(1000)
            .build());
    nats.connection
        .jetStream()
        .publish(nats.contract.commandsSubject("courses", 0), bytes("cmd-1"));
    StreamInfo before = nats.jsm.getStreamInfo(courses);

    ProvisioningReport report = nats.provision();

    assertThat(report.updated()).singleElement().returns(courses, Updated::name);
    assertThat(report.updated().getFirst().changes())
        .extracting(FieldDifference::field)
        .containsExactly("description", "max_age");
    assertThat(report.created()).hasSize(allNames().size() - 1);
    StreamInfo after = nats.jsm.getStreamInfo(courses);
    assertThat(after.getCreateTime()).isEqualTo(before.getCreateTime());
    assertThat(after.getStreamState().getMsgCount()).isEqualTo(1);
    assertThat(after.getConfiguration().getDescription()).isEqualTo(declared.getDescription());
    assertThat(after.getConfiguration().getMaxAge()).isEqualTo(declared.getMaxAge());
    assertThat(after.getConfiguration().getMaxMsgs()).isEqualTo(1000);
    assertThat(nats.runInitializer()).isZero();
    assertThat(nats.provision().outcomes()).allMatch(Unchanged.class::isInstance);
  }

  @Test
  void bucketWithAnotherTtlAndHistory_isUpdatedInPlace_keepingItsValues() throws Exception {
    BucketSpec spec = nats.contract.buckets().getFirst();
    nats.kvm.create(
        KeyValueConfiguration.builder(spec.configuration())
            .ttl(Duration.ofHours(1))
            .maxHistoryPerKey(5)
            .build());
    nats.connection.keyValue(spec.name()).put("op-1", "pending");

    ProvisioningReport report = nats.provision();

    assertThat(report.updated())
        .containsExactly(
            new Updated(
                BUCKET,
                spec.name(),
                List.of(
                    new FieldDifference("ttl", "PT1H", "PT24H", true),
                    new FieldDifference("history", "5", "1", true))));
    KeyValueStatus after = nats.kvm.getStatus(spec.name());
    assertThat(after.getTtl()).isEqualTo(spec.ttl());
    assertThat(after.getMaxHistoryPerKey()).isEqualTo(spec.history());
    assertThat(nats.connection.keyValue(spec.name()).get("op-1").getValueAsString())
        .isEqualTo("pending");
    assertThat(nats.runInitializer()).isZero();
    assertThat(nats.provision().outcomes()).allMatch(Unchanged.class::isInstance);
  }

  @Test
  void bucketInMemory_isReportedByName_andLeftAsItIs() throws Exception {
    BucketSpec spec = nats.contract.buckets().getFirst();
    nats.kvm.create(
        KeyValueConfiguration.builder(spec.configuration())
            .storageType(StorageType.Memory)
            .build());

    int exit = nats.runInitializer();

    assertThat(exit).isEqualTo(2);
    assertThat(nats.stderr()).contains(spec.name()).contains("storage");
    assertThat(nats.kvm.getStatus(spec.name()).getStorageType()).isEqualTo(StorageType.Memory);
    assertThat(nats.provision().created()).isEmpty();
  }

  @Test
  void subjectTakenByAnotherStream_failsThatStream_andProvisionsTheRest() throws Exception {
    String squatter = nats.foreignStreamName("SQUATTER");
    nats.jsm.addStream(
        StreamConfiguration.builder()
            .name(squatter)
            .subjects(nats.contract.commandsSubject("students", 7))
            .storageType(StorageType.File)
            .build());

    ProvisioningReport report = nats.provision();

    assertThat(report.failures())
        .singleElement()
        .returns(nats.contract.commandsStream("students", 7), Failed::name);
    assertThat(report.created()).extracting(Created::name).hasSize(allNames().size() - 1);
    assertThat(report.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(nats.runInitializer()).isEqualTo(1);
    assertThat(nats.stderr()).contains(nats.contract.commandsStream("students", 7));
  }

  private List<String> allNames() {
    return Stream.concat(
            nats.contract.streams().stream().map(StreamSpec::name),
            nats.contract.buckets().stream().map(BucketSpec::name))
        .toList();
  }

  private boolean exists(String name) throws IOException, JetStreamApiException {
    try {
      if (nats.contract.buckets().stream().anyMatch(b -> b.name().equals(name))) {
        nats.kvm.getStatus(name);
      } else {
        nats.jsm.getStreamInfo(name);
      }
      return true;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** Creation time and configuration of every stream of the namespace, buckets included. */
  private Map<String, String> snapshot() throws IOException, JetStreamApiException {
    Map<String, String> state = new TreeMap<>();
    for (StreamSpec spec : nats.contract.streams()) {
      StreamInfo info = nats.jsm.getStreamInfo(spec.name());
      state.put(spec.name(), info.getCreateTime() + " " + info.getConfiguration().toJson());
    }
    for (BucketSpec spec : nats.contract.buckets()) {
      StreamInfo info = nats.kvm.getStatus(spec.name()).getBackingStreamInfo();
      state.put(spec.name(), info.getCreateTime() + " " + info.getConfiguration().toJson());
    }
    return state;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
