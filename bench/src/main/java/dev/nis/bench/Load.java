package dev.nis.bench;

import java.time.Duration;

/** A load that runs for a while and reports what it measured. */
@FunctionalInterface
interface Load {
  Measurement run(Duration length) throws Exception;
}
