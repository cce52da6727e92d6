package dev.nis.students.adapter.in.queue;

import dev.nis.common.jetstream.JetStreamEnrollmentLog;
import dev.nis.common.jetstream.MessageHandler;
import dev.nis.students.application.StudentService;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the enrollment log to the student side, one entry at a time, in log order. */
public final class StudentEnrollmentConsumer implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(StudentEnrollmentConsumer.class);

  private final StudentService service;

  public StudentEnrollmentConsumer(StudentService service) {
    this.service = service;
  }

  @Override
  public void handle(Message message) {
    service.applyEnrollment(
        JetStreamEnrollmentLog.decode(message.getData()), message.metaData().streamSequence());
  }

  @Override
  public void onDeadLetter(Message message, String reason) {
    log.error(
        "enrollment log entry {} dead-lettered: {}", message.metaData().streamSequence(), reason);
  }
}
