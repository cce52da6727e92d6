package dev.nis.initializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.jetstream.JetStreamContract;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamComparisonTest {
  private final StreamConfiguration declared =
      JetStreamContract.defaults().streams().getFirst().configuration();

  private StreamConfiguration.Builder existing() {
    return StreamConfiguration.builder(declared);
  }

  @Test
  void sameDeclaredFields_noDifference() {
    assertThat(StreamComparison.diff(existing().build(), declared).isEmpty()).isTrue();
  }

  @Test
  void fieldsTheContractDoesNotDeclare_areIgnored() {
    StreamConfiguration tuned =
        existing().maxMessages(1000).maxBytes(1 << 20).maxConsumers(5).denyPurge(true).build();

    assertThat(StreamComparison.diff(tuned, declared).isEmpty()).isTrue();
  }

  @Test
  void subjectsInAnotherOrder_andEmptyDescription_areTheSame() {
    StreamConfiguration twoSubjects = existing().subjects("b.x", "a.x").build();
    StreamConfiguration sameSubjectsReordered = existing().subjects("a.x", "b.x").build();
    StreamConfiguration noDescription = existing().description("").build();
    StreamConfiguration nullDescription = existing().description(null).build();

    assertThat(StreamComparison.diff(twoSubjects, sameSubjectsReordered).isEmpty()).isTrue();
    assertThat(StreamComparison.diff(noDescription, nullDescription).isEmpty()).isTrue();
  }

  @Test
  void changedDescriptionSubjectsMaxAgeAndDuplicateWindow_areUpdatable() {
    StreamConfiguration drifted =
        existing()
            .description("old")
            .subjects("nis.courses.old")
            .maxAge(Duration.ofHours(1))
            .duplicateWindow(Duration.ofSeconds(30))
            .discardPolicy(DiscardPolicy.New)
            .build();

    ConfigurationDiff diff = StreamComparison.diff(drifted, declared);

    assertThat(diff.hasFixed()).isFalse();
    assertThat(diff.updatable())
        .extracting(FieldDifference::field)
        .containsExactly("description", "subjects", "discard", "max_age", "duplicate_window");
    assertThat(diff.updatable())
        .filteredOn(d -> d.field().equals("max_age"))
        .singleElement()
        .isEqualTo(new FieldDifference("max_age", "PT1H", "PT168H", true));
  }

  @Test
  void changedRetentionOrStorage_isFixed() {
    StreamConfiguration other =
        existing()
            .retentionPolicy(RetentionPolicy.WorkQueue)
            .storageType(StorageType.Memory)
            .maxAge(Duration.ofHours(1))
            .build();

    ConfigurationDiff diff = StreamComparison.diff(other, declared);

    assertThat(diff.fixed())
        .containsExactly(
            new FieldDifference("retention", "workqueue", "limits", false),
            new FieldDifference("storage", "memory", "file", false));
    assertThat(diff.conflicts(ResourceKind.STREAM, "NIS_COURSE_COMMANDS"))
        .containsExactly(
            new Outcome.Conflict(
                ResourceKind.STREAM, "NIS_COURSE_COMMANDS", "retention", "workqueue", "limits"),
            new Outcome.Conflict(
                ResourceKind.STREAM, "NIS_COURSE_COMMANDS", "storage", "memory", "file"));
  }

  @Test
  void zeroDuplicateWindowDeclared_meansServerDefault_andIsNotCompared() {
    StreamConfiguration noWindow = existing().duplicateWindow(Duration.ZERO).build();
    StreamConfiguration serverDefault = existing().duplicateWindow(Duration.ofMinutes(2)).build();

    assertThat(StreamComparison.diff(serverDefault, noWindow).isEmpty()).isTrue();
  }

  @Test
  void update_setsDeclaredFields_andKeepsTheOthers() {
    StreamConfiguration drifted =
        existing()
            .description("old")
            .subjects("nis.courses.old")
            .maxAge(Duration.ofHours(1))
            .duplicateWindow(Duration.ofSeconds(30))
            .maxMessages(1000)
            .maxConsumers(5)
            .build();

    StreamConfiguration update = StreamComparison.withDeclaredFields(drifted, declared);

    assertThat(StreamComparison.diff(update, declared).isEmpty()).isTrue();
    assertThat(update.getSubjects()).isEqualTo(List.of("nis.courses.commands.0"));
    assertThat(update.getMaxMsgs()).isEqualTo(1000);
    assertThat(update.getMaxConsumers()).isEqualTo(5);
  }
}
