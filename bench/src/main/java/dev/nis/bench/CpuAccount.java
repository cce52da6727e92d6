package dev.nis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went over a window, from /proc: each process of the system under test
 * (the services, nats-server, redis-server, PostgreSQL's processes, this JVM with the in-process
 * MongoDB, wrk as this JVM's reaped children) and everything else on the machine (other users' work
 * on shared cores). Divided by what the window applied, it says what one mutation costs and so how
 * many the cores could apply at most.
 */
final class CpuAccount {
  /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** CPU ticks, by consumer, and of the whole machine (busy and in all). */
  record Snapshot(long machineBusy, long machineAll, Map<String, Long> ticks) {}

  /** The last ticks read of each process by name and pid, ended ones included. */
  private static final Map<String, Long> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

  private CpuAccount() {}

  static Snapshot take(Stack stack) throws IOException {
    Map<String, Long> ticks = new LinkedHashMap<>();
    ticks.put("courses", processTicks(stack.courses().pid(), false));
    ticks.put("students", processTicks(stack.students().pid(), false));
    ticks.put("nats-server", byName(name -> name.equals("nats-server")));
    ticks.put("redis-server", byName(name -> name.equals("redis-server")));
    ticks.put("postgres", byName(name -> name.startsWith("postgres")));
    long self = ProcessHandle.current().pid();
    ticks.put("bench JVM", processTicks(self, false));
    ticks.put("wrk", processTicks(self, true));
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long all = 0;
    for (int i = 1; i < Math.min(cpu.length, 9); i++) {
      all += Long.parseLong(cpu[i]);
    }
    long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
    return new Snapshot(all - idle, all, ticks);
  }

  /**
   * One line: CPU ms per applied command by consumer, the rest of the machine's busy time, and what
   * share of the cores was busy.
   */
  static String perApplied(Snapshot before, Snapshot after, long applied) {
    return breakdown(before, after, Math.max(1, applied), "CPU ms per applied command");
  }

  /**
   * One line as {@link #perApplied}, per second of wall time instead: CPU ms each consumer used a
   * second over {@code elapsed} (1,000 would be one core throughout), for a load whose work is not
   * counted in applied commands, or to compare two loads at the same rate.
   */
  static String perSecond(Snapshot before, Snapshot after, Duration elapsed) {
    return breakdown(
        before, after, Math.max(1e-3, elapsed.toNanos() / 1e9), "CPU ms per second of wall time");
  }

  private static String breakdown(Snapshot before, Snapshot after, double divisor, String unit) {
    StringBuilder line = new StringBuilder();
    long ours = 0;
    for (Map.Entry<String, Long> consumer : after.ticks().entrySet()) {
      long used = consumer.getValue() - before.ticks().getOrDefault(consumer.getKey(), 0L);
      ours += used;
      line.append(consumer.getKey()).append(' ').append(ms(used, divisor)).append(", ");
    }
    long busy = after.machineBusy() - before.machineBusy();
    long all = after.machineAll() - before.machineAll();
    long others = Math.max(0, busy - ours);
    line.append("other processes on the machine ")
        .append(ms(others, divisor))
        .append("; total ")
        .append(ms(busy, divisor))
        .append(
            " %s; the cores %.0f%% busy, %.0f%% of them by other processes"
                .formatted(unit, 100.0 * busy / all, 100.0 * others / all));
    return line.toString();
  }

  private static String ms(long ticks, double divisor) {
    return "%.2f".formatted(ticks / TICKS_PER_SECOND * 1000 / divisor);
  }

  /**
   * The ticks of every process whose command name passes, as a sum that only grows: a process that
   * has ended since an earlier reading (a PostgreSQL backend) keeps its last count.
   */
  private static long byName(java.util.function.Predicate<String> name) throws IOException {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process :
          processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String command = Files.readString(process.resolve("comm")).trim();
          if (name.test(command)) {
            long pid = Long.parseLong(process.getFileName().toString());
            SEEN.put(command + "/" + pid, processTicks(pid, false));
          }
        } catch (IOException gone) {
          // ended meanwhile
        }
      }
    }
    return SEEN.entrySet().stream()
        .filter(seen -> name.test(seen.getKey().substring(0, seen.getKey().lastIndexOf('/'))))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** utime + stime of a process, or cutime + cstime (its reaped children). */
  private static long processTicks(long pid, boolean children) throws IOException {
    return ticks(Path.of("/proc/" + pid + "/stat"), children);
  }

  /**
   * utime + stime from a process's or a thread's stat file ({@code /proc/<pid>/stat}, {@code
   * /proc/<pid>/task/<tid>/stat}), or cutime + cstime.
   */
  static long ticks(Path statFile, boolean children) throws IOException {
    String stat = Files.readString(statFile);
    // fields after the command name, which is in parentheses and may hold spaces
    List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
    int first = children ? 13 : 11; // utime is field 14, cutime 16 (1-based, from the pid)
    return Long.parseLong(fields.get(first)) + Long.parseLong(fields.get(first + 1));
  }
}
