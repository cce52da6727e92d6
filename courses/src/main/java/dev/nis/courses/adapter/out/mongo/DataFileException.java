package dev.nis.courses.adapter.out.mongo;

import java.nio.file.Path;

/**
 * The embedded store's data file cannot be used as the service needs it: start-up stops with a
 * message naming the file and what is wrong with it.
 */
public final class DataFileException extends IllegalStateException {
  private DataFileException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process may read {@code file} but not write it (its owner or mode, a read-only mount). */
  static DataFileException notWritable(Path file) {
    return new DataFileException(
        "the data file "
            + file
            + " cannot be written by this process (its owner or mode, or a read-only mount): the"
            + " service would apply no change",
        null);
  }

  /** H2 refused to open {@code file}: another process holds it, or it is damaged. */
  static DataFileException cannotOpen(Path file, RuntimeException cause) {
    return new DataFileException(
        "cannot open the data file " + file + ": " + cause.getMessage(), cause);
  }
}
