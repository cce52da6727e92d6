package dev.nis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Event-stream clients in processes of their own: one {@code curl -N} per stream, reading every
 * byte to {@code /dev/null}. The cost case's load: readers in the benchmark JVM shared it with the
 * in-process MongoDB (the courses service's store when MONGO_URI is unset, held by the benchmark
 * JVM until 2026-12-06), and at ~800 creates/s the firehose of 200 streams (~360k events/s) starved
 * the store there until its writes timed out; a reader of its own, written in C and doing nothing
 * with the bytes, is the cheapest client the machine has, and its CPU counts among the "other
 * processes". What each read is taken from the kernel's count of its bytes read ({@code
 * /proc/<pid>/io}, {@code rchar}) when it is stopped.
 */
final class CurlStreams implements AutoCloseable {
  private static final Duration OPEN_LIMIT = Duration.ofSeconds(30);

  private final List<Process> readers = new ArrayList<>();
  private long bytes;
  private int stillOpen;

  /**
   * Starts {@code count} readers of {@code url.apply(i)} and returns once the service counts them
   * all as open ({@code nis_event_streams} on {@code metricsUrl}).
   *
   * @throws IOException when they are not all open within 30 s
   */
  static CurlStreams open(int count, IntFunction<String> url, String metricsUrl)
      throws IOException, InterruptedException {
    CurlStreams streams = new CurlStreams();
    try {
      for (int i = 0; i < count; i++) {
        streams.readers.add(
            new ProcessBuilder(
                    "curl",
                    "-sN",
                    "-H",
                    "Accept: text/event-stream",
                    "-o",
                    "/dev/null",
                    url.apply(i))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
      }
      long deadline = System.nanoTime() + OPEN_LIMIT.toNanos();
      while (openStreams(metricsUrl) < count) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "only " + openStreams(metricsUrl) + " of " + count + " event streams opened");
        }
        Thread.sleep(100);
      }
      return streams;
    } catch (IOException | InterruptedException | RuntimeException e) {
      streams.close();
      throw e;
    }
  }

  private static double openStreams(String metricsUrl) throws IOException, InterruptedException {
    for (String line : Http.get(metricsUrl).body().split("\n")) {
      if (line.startsWith("nis_event_streams")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /**
   * Bytes the readers read, counted when they were stopped (0 before {@link #close}): what each
   * curl wrote to /dev/null ({@code wchar}; {@code rchar} leaves out reads from sockets).
   */
  long bytes() {
    return bytes;
  }

  /**
   * Readers whose stream was still open when they were stopped (0 before {@link #close}): a stream
   * the service ended early (a client dropped for falling a buffer behind) no longer costs it.
   */
  int stillOpen() {
    return stillOpen;
  }

  @Override
  public void close() throws InterruptedException {
    for (Process reader : readers) {
      if (reader.isAlive()) {
        stillOpen++;
      }
      bytes += readBytes(reader.pid());
      reader.destroy();
    }
    for (Process reader : readers) {
      reader.waitFor();
    }
  }

  private static long readBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
        if (line.startsWith("wchar:")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // the reader ended already (the service closed its stream): its bytes are not known
    }
    return 0;
  }
}
