package dev.nis.students.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * I4 without a time window: a command redelivered after JetStream's duplicate window derives its
 * enrollment entries again, and they reach the log as new messages (same entry ids, new sequences),
 * after later entries of their pair. Here the window is cut to one second; an enrollment is made
 * and undone, then, past the window, the enroll command and its ADD entry are put on their streams
 * again as a late redelivery would. The relation must stay undone on both sides.
 */
class LateDuplicateIT {
  private static final Duration SHORT_WINDOW = Duration.ofSeconds(1);

  private final Http http = new Http();

  @Test
  void aLateDuplicateOfAnUndoneEnrollment_changesNothing() throws Exception {
    try (TestNats nats = TestNats.provisioned();
        InProcessMongo mongo = InProcessMongo.start()) {
      JetStreamManagement jsm = nats.connection().jetStreamManagement();
      var contract = nats.contract();
      List<String> streams = new java.util.ArrayList<>(List.of(contract.enrollmentStream()));
      contract.commandsStreams("courses").forEach(spec -> streams.add(spec.name()));
      for (String stream : streams) {
        StreamConfiguration current = jsm.getStreamInfo(stream).getConfiguration();
        jsm.updateStream(
            StreamConfiguration.builder(current).duplicateWindow(SHORT_WINDOW).build());
      }
      try (PairProcesses pair = PairProcesses.start(nats, mongo, "late", Map.of())) {
        URI courses = pair.courses();
        URI students = pair.students();
        String course =
            created(
                courses,
                Map.of(
                    "name", "Late course",
                    "description", "Late duplicates",
                    "discipline", "Testing",
                    "teacher", "Tester"));
        String student =
            created(students, Map.of("name", "late", "first_name", "Late", "last_name", "Student"));

        assertThat(send("PUT", courses, course + "/students/" + student).status()).isEqualTo(204);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> enrolled(courses, students, course, student) == 2);
        MessageInfo enroll =
            jsm.getLastMessage(
                contract.commandsStreamOf("courses", course),
                contract.commandsSubjectOf("courses", course));
        MessageInfo add =
            jsm.getLastMessage(
                contract.enrollmentStream(), contract.enrollmentSubjectOf(course, student));

        assertThat(send("DELETE", courses, course + "/students/" + student).status())
            .isEqualTo(204);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> enrolled(courses, students, course, student) == 0);
        Thread.sleep(SHORT_WINDOW.multipliedBy(2));

        MessageInfo remove =
            jsm.getLastMessage(
                contract.enrollmentStream(), contract.enrollmentSubjectOf(course, student));

        PublishAck again = republish(nats, enroll);
        assertThat(again.isDuplicate()).as("the window is over: a new message").isFalse();
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> nats.unfinishedMessages() == 0);

        MessageInfo lateAdd =
            jsm.getLastMessage(
                contract.enrollmentStream(), contract.enrollmentSubjectOf(course, student));
        assertThat(lateAdd.getSeq())
            .as("the redelivered command appended its ADD again, after the REMOVE")
            .isGreaterThan(remove.getSeq());
        assertThat(lateAdd.getHeaders().getFirst("Nats-Msg-Id"))
            .isEqualTo(add.getHeaders().getFirst("Nats-Msg-Id"));
        assertThat(enrolled(courses, students, course, student))
            .as("the undone enrollment stays undone on both sides")
            .isZero();
      }
    }
  }

  /** On how many sides the pair is enrolled: 0, 1 or 2. */
  private int enrolled(URI courses, URI students, String course, String student) {
    JsonNode c = http.send("GET", URI.create(courses + "/" + course), null).data();
    JsonNode s = http.send("GET", URI.create(students + "/" + student), null).data();
    int sides = 0;
    for (JsonNode id : c.get("student_ids")) {
      sides += id.asText().equals(student) ? 1 : 0;
    }
    for (JsonNode id : s.get("course_ids")) {
      sides += id.asText().equals(course) ? 1 : 0;
    }
    return sides;
  }

  private static PublishAck republish(TestNats nats, MessageInfo original) throws Exception {
    return nats.connection()
        .jetStream()
        .publish(
            NatsMessage.builder()
                .subject(original.getSubject())
                .headers(original.getHeaders())
                .data(original.getData())
                .build());
  }

  private String created(URI base, Map<String, Object> body) {
    Http.Reply reply = http.send("POST", base, body, "Prefer", "wait=10");
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return reply.data().get("id").asText();
  }

  private Http.Reply send(String method, URI base, String path) {
    return http.send(method, URI.create(base + "/" + path), null, "Prefer", "wait=10");
  }
}
