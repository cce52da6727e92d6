package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventTypes;
import dev.nis.common.events.StreamEvent;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

/** The events of enrollment-log entries, as the event stream sends them. */
class EventTranslationTest {
  private static final String COURSE = "0123456789abcdef01234567";
  private static final String STUDENT = "6f1c2d3e-4a5b-4c6d-8e7f-901234567890";

  private final EventTranslation translation = new EventTranslation("course", id -> true);

  private StreamEvent eventOf(EnrollmentChange change, String requestId) {
    Headers headers = new Headers();
    headers.put(MessageDisposition.REQUEST_ID_HEADER, requestId);
    return translation
        .enrollmentEvent(
            JetStreamEnrollmentLog.EnrollmentCodec.encode(change),
            headers,
            7,
            new EventCursor(0, 0))
        .orElseThrow();
  }

  /**
   * The reconciliation's entries carry an empty request id (its runs answer no request): the event
   * leaves it out, as README's table says, instead of {@code "request_id": ""}.
   */
  @Test
  void anEmptyRequestId_isLeftOut_andAGivenOneKept() {
    EnrollmentChange repair =
        EnrollmentChange.remove(COURSE, STUDENT, "")
            .compensation("reconciliation: an id of an entity that does not exist");

    StreamEvent repaired = eventOf(repair, "");
    StreamEvent requested = eventOf(EnrollmentChange.add(COURSE, STUDENT, "op-1"), "req-1");

    assertThat(repaired.type()).isEqualTo(EventTypes.ENROLLMENT_COMPENSATED);
    assertThat(repaired.data()).doesNotContainKey("request_id");
    assertThat(requested.data()).containsEntry("request_id", "req-1");
  }
}
