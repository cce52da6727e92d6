package dev.nis.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.nis.common.logging.JsonLogConfigurator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU a service's logging takes per line: the services' configuration ({@link
 * JsonLogConfigurator}, writing to this process's stdout), lines shaped like the per-command line
 * of the logging decorator (five MDC fields, a message with three arguments), logged at a fixed
 * rate from 4 virtual threads in bursts of 4. Windows with the root at INFO alternate with windows
 * at WARN, where the same loop runs and each line is dropped at the level check; the difference of
 * the process's CPU between the two, over the lines logged, is the cost of a line: the event, the
 * hand-over, the JSON encoding and the {@code write}s.
 *
 * <p>Run it with stdout on a file, as a service's is under {@code bench/run.sh}: {@code java -cp
 * bench/target/nis-bench-0.1.0-SNAPSHOT.jar dev.nis.bench.LoggingCost [lines/s] [seconds]
 * >/tmp/lines.json}. It prints one line per pair of windows and the median on stderr. Measurements:
 * bench/analysis.md, "Logging in batches".
 */
public final class LoggingCost {
  private static final int THREADS = 4;
  private static final int BURST = 4;
  private static final int PAIRS = 5;

  private LoggingCost() {}

  /**
   * @param args lines per second (default 4,000) and seconds per window (default 5)
   */
  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    new JsonLogConfigurator("bench", List.of()) {}.apply(context, Level.INFO);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger log = context.getLogger("nis.bench");

    window(log, context, rate, seconds); // warm-up
    List<Double> costs = new ArrayList<>();
    for (int pair = 0; pair < PAIRS; pair++) {
      root.setLevel(Level.WARN);
      double off = window(log, context, rate, seconds);
      root.setLevel(Level.INFO);
      double on = window(log, context, rate, seconds);
      double microsPerLine = (on - off) / rate;
      costs.add(microsPerLine);
      System.err.printf(
          "at %d lines/s: %.1f CPU ms/s logging, %.1f ms/s dropping at the level: %.2f µs a line%n",
          rate, on / 1000, off / 1000, microsPerLine);
    }
    context.stop();
    costs.sort(null);
    System.err.printf("median %.2f µs of CPU a line%n", costs.get(costs.size() / 2));
  }

  /** Runs the loop for {@code seconds}; the process's CPU over it, in µs per second. */
  private static double window(Logger log, LoggerContext context, int rate, int seconds)
      throws InterruptedException {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long periodNanos = TimeUnit.SECONDS.toNanos(1) * THREADS * BURST / rate;
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long cpuBefore = os.getProcessCpuTime();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < THREADS; t++) {
        long first = start + t * periodNanos / THREADS;
        threads.submit(() -> logUntil(log, context, first, periodNanos, end));
      }
    }
    return (os.getProcessCpuTime() - cpuBefore) / 1000.0 / seconds;
  }

  private static Void logUntil(
      Logger log, LoggerContext context, long first, long periodNanos, long end) {
    var mdc = context.getMDCAdapter();
    long next = first;
    long n = 0;
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      if (next > now) {
        LockSupport.parkNanos(next - now);
      }
      next += periodNanos;
      for (int i = 0; i < BURST; i++, n++) {
        mdc.put("operation_id", "896f9cbc-0dd3-4222-9352-" + (100_000_000_000L + n));
        mdc.put("transport", "queue");
        mdc.put("method", "apply");
        mdc.put("stream", "COURSE_COMMANDS_12");
        mdc.put("stream_seq", Long.toString(n));
        log.info("apply {} -> {} in {} us", "create", "Applied", 4656);
        mdc.clear();
      }
    }
    return null;
  }
}
