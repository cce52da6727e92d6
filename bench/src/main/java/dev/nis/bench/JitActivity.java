package dev.nis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How much of a JVM's CPU its JIT compilers take, from /proc: the threads HotSpot names {@code C1
 * CompilerThreadN} and {@code C2 CompilerThreadN} (their {@code comm} is cut to 15 characters)
 * against the whole process. A service whose compilers still take a large share of its CPU under a
 * load is not warm: on this machine a fresh students service's compilers took 24–34 % of its CPU
 * over seven 8 s windows of creates, while its rate climbed from 192 to 820/s (bench/analysis.md).
 */
final class JitActivity {
  /** CPU ticks (USER_HZ) of the process and of its compiler threads, read at one moment. */
  record Reading(long process, long compilers) {
    /** The compilers' share of the process's CPU between {@code before} and this reading. */
    double shareSince(Reading before) {
      long used = process - before.process;
      return used <= 0 ? 0 : (double) (compilers - before.compilers) / used;
    }
  }

  private JitActivity() {}

  static Reading read(long pid) throws IOException {
    Path process = Path.of("/proc", Long.toString(pid));
    long compilers = 0;
    try (Stream<Path> threads = Files.list(process.resolve("task"))) {
      for (Path thread : threads.toList()) {
        try {
          String name = Files.readString(thread.resolve("comm")).trim();
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            compilers += CpuAccount.ticks(thread.resolve("stat"), false);
          }
        } catch (IOException ended) {
          // a compiler thread the JVM stopped meanwhile (it starts and stops them as needed)
        }
      }
    }
    return new Reading(CpuAccount.ticks(process.resolve("stat"), false), compilers);
  }
}
