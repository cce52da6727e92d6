package dev.nis.students.application;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.students.application.port.CommandQueue;
import dev.nis.students.domain.StudentCommand;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CommandQueue} that keeps what it is given, or fails like a NATS outage. */
final class RecordingCommandQueue implements CommandQueue {
  final List<StudentCommand> queued = new CopyOnWriteArrayList<>();
  volatile boolean down;

  @Override
  public void enqueue(StudentCommand command) {
    if (down) {
      throw new DependencyUnavailableException("nats", "down in this test");
    }
    queued.add(command);
  }
}
