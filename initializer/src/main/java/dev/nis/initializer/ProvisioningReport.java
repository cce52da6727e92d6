package dev.nis.initializer;

import dev.nis.initializer.Outcome.Conflict;
import dev.nis.initializer.Outcome.Created;
import dev.nis.initializer.Outcome.Failed;
import dev.nis.initializer.Outcome.Retired;
import dev.nis.initializer.Outcome.Unchanged;
import dev.nis.initializer.Outcome.Updated;
import java.util.List;

/** The outcomes of one run, in the order the streams and buckets were provisioned. */
public record ProvisioningReport(List<Outcome> outcomes) {

  public ProvisioningReport {
    outcomes = List.copyOf(outcomes);
  }

  public List<Created> created() {
    return only(Created.class);
  }

  public List<Updated> updated() {
    return only(Updated.class);
  }

  public List<Unchanged> unchanged() {
    return only(Unchanged.class);
  }

  public List<Retired> retired() {
    return only(Retired.class);
  }

  public List<Conflict> conflicts() {
    return only(Conflict.class);
  }

  public List<Failed> failures() {
    return only(Failed.class);
  }

  /**
   * Whether some stream or bucket failed only because the cluster could not place its replicas yet
   * (JetStream error 10005, "no suitable peers for placement"): its servers are still joining, or
   * one is down. Provisioning again later may succeed.
   */
  public boolean awaitsPeers() {
    return !failures().isEmpty()
        && failures().stream()
            .allMatch(f -> f.reason().contains("[" + JetStreamErrors.NO_SUITABLE_PEERS + "]"));
  }

  /** The names of the streams and buckets in conflict, each once. */
  public List<String> conflictingNames() {
    return conflicts().stream().map(Conflict::name).distinct().toList();
  }

  public ExitCode exitCode() {
    if (!failures().isEmpty()) {
      return ExitCode.FAILURE;
    }
    return conflicts().isEmpty() ? ExitCode.SUCCESS : ExitCode.CONFLICT;
  }

  public String summary() {
    return "created "
        + created().size()
        + ", updated "
        + updated().size()
        + ", unchanged "
        + unchanged().size()
        + (retired().isEmpty() ? "" : ", retired " + retired().size())
        + ", in conflict "
        + conflictingNames().size()
        + ", failed "
        + failures().size();
  }

  private <T extends Outcome> List<T> only(Class<T> type) {
    return outcomes.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
