package dev.nis.courses.adapter.in.queue;

import dev.nis.common.jetstream.JetStreamEnrollmentLog;
import dev.nis.common.jetstream.MessageHandler;
import dev.nis.courses.application.CourseService;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the enrollment log to the course side, one entry at a time, in log order. */
public final class CourseEnrollmentConsumer implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(CourseEnrollmentConsumer.class);

  private final CourseService service;

  public CourseEnrollmentConsumer(CourseService service) {
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
