package dev.nis.courses.application;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.courses.application.port.CommandQueue;
import dev.nis.courses.domain.CourseCommand;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CommandQueue} that keeps what it is given, or fails like a NATS outage. */
final class RecordingCommandQueue implements CommandQueue {
  final List<CourseCommand> queued = new CopyOnWriteArrayList<>();
  volatile boolean down;

  @Override
  public void enqueue(CourseCommand command) {
    if (down) {
      throw new DependencyUnavailableException("nats", "down in this test");
    }
    queued.add(command);
  }
}
