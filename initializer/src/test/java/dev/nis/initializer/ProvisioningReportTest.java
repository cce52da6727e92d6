package dev.nis.initializer;

import static dev.nis.initializer.ResourceKind.BUCKET;
import static dev.nis.initializer.ResourceKind.STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.initializer.Outcome.Conflict;
import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningReportTest {

  @Test
  void createdUpdatedAndUnchanged_isSuccess() {
    ProvisioningReport report =
        new ProvisioningReport(
            List.of(
                new Created(STREAM, "A"),
                new Updated(STREAM, "B", List.of(new FieldDifference("max_age", "1", "2", true))),
                new Unchanged(BUCKET, "c")));

    assertThat(report.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(report.summary())
        .isEqualTo("created 1, updated 1, unchanged 1, in conflict 0, failed 0");
  }

  @Test
  void conflicts_exitWithTwo_andCountEachStreamOnce() {
    ProvisioningReport report =
        new ProvisioningReport(
            List.of(
                new Created(STREAM, "A"),
                new Conflict(STREAM, "B", "retention", "workqueue", "limits"),
                new Conflict(STREAM, "B", "storage", "memory", "file")));

    assertThat(report.exitCode()).isEqualTo(ExitCode.CONFLICT);
    assertThat(report.exitCode().code()).isEqualTo(2);
    assertThat(report.conflictingNames()).containsExactly("B");
    assertThat(report.summary()).contains("in conflict 1");
  }

  @Test
  void aFailure_exitsWithOne_evenWithConflicts() {
    ProvisioningReport report =
        new ProvisioningReport(
            List.of(
                new Conflict(STREAM, "B", "retention", "workqueue", "limits"),
                new Failed(STREAM, "C", "subjects overlap with an existing stream")));

    assertThat(report.exitCode().code()).isEqualTo(1);
  }
}
