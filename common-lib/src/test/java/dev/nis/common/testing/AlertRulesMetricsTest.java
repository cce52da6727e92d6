package dev.nis.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AlertRules}: the alerts' expressions read, and a missing metric or label reported. */
class AlertRulesMetricsTest {

  @Test
  void everyAlertIsRead_withItsExpression() throws Exception {
    List<DashboardQueries.Query> alerts = AlertRules.read();

    assertThat(alerts).extracting(DashboardQueries.Query::panel).contains("NisConsumerLagHigh");
    assertThat(alerts).allSatisfy(a -> assertThat(a.expr()).isNotBlank());
  }

  @Test
  void anExpositionWithoutTheQueueMetrics_isReported() throws Exception {
    String exposition = "nis_service_calls_seconds_bucket{service=\"s\",transport=\"http\"} 1\n";

    assertThat(AlertRules.missingFrom(exposition))
        .contains(
            "NisConsumerLagHigh: no samples of nis_queue_pending",
            "NisDeadLettered: no samples of nis_queue_messages_total");
  }

  @Test
  void aMissingLabel_isReported() throws Exception {
    String exposition =
        """
        nis_queue_pending{consumer="c"} 0
        nis_queue_ack_pending{consumer="c"} 0
        nis_queue_messages_total{consumer="c"} 0
        nis_queue_redeliveries_total{consumer="c"} 0
        nis_service_calls_seconds_bucket{service="s",transport="http",le="1.0"} 1
        nis_relation_drift{kind="dangling_id"} 0
        nis_reconciliation_runs_total{outcome="failed"} 0
        nis_http_requests_refused_total{service="s",status="503"} 0
        nis_command_queue_full_total{service="s",outcome="refused"} 0
        """;

    assertThat(AlertRules.missingFrom(exposition))
        .containsExactly("NisDeadLettered: nis_queue_messages_total has no label outcome");
  }
}
