package dev.nis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.bench.EnrollmentVisibility.Timeline;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.jetstream.JetStreamEnrollmentLog;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Where an enrollment probe's time went, hop by hop: from its due time to the 202 (accepting); from
 * the 202 to the moment the courses service began applying its command (the wait in the course's
 * command partition, which applies one command at a time); from that to its {@code ADD} entry
 * stored in the enrollment log (the apply: the course read, the append); from that to the students
 * side's inbox row for the entry (the students service's enrollment partition delivering it and
 * applying it: the store, the cache, the verdict; the inbox row is its last write before the ack);
 * and from that to the read that showed the course (the probe's pause between reads, at most {@link
 * EnrollmentVisibility#POLL} while it is fast, and the read itself; 0 when a read fell between the
 * store's write and the inbox row).
 *
 * <p>The log's times are JetStream's own (each stored message's timestamp), the inbox's
 * PostgreSQL's ({@code applied_at}, the inserting transaction's start), the apply's the courses
 * service's log line for it (its end and its duration), the probes' this JVM's wall clock: one
 * machine, one clock.
 */
final class EnrollmentHops {
  /** The hops in order, each from the end of the one before. */
  static final List<String> HOPS =
      List.of(
          "accept (due → 202)",
          "queued (202 → courses began applying)",
          "courses apply (→ log entry stored)",
          "students (log entry → inbox row)",
          "read (inbox row → the read that showed it)");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern APPLIED_IN = Pattern.compile("apply enroll -> \\w+ in (\\d+) us");

  private EnrollmentHops() {}

  /** A pair's key in the maps below. */
  static String key(String course, String student) {
    return course + "/" + student;
  }

  /**
   * The hops of the probes that the courses service's log, the enrollment log and the inbox all
   * account for.
   *
   * @param probes the probes that showed their course
   * @param wallOffsetNanos epoch nanoseconds minus System.nanoTime, to place the probes' times
   * @param applyBegan per operation id, when the courses service began applying its command (epoch
   *     nanoseconds)
   * @param logged per pair ({@link #key}), when its ADD entry was stored (epoch nanoseconds)
   * @param applied per pair, when the students side inserted the entry's inbox row (epoch ns)
   * @return per hop (in {@link #HOPS}' order) its latencies in microseconds (a negative read hop
   *     counted as 0), and the slowest 1 % of the probes' own hops; no probe counted when none
   *     matched
   */
  static Breakdown breakdown(
      List<Timeline> probes,
      long wallOffsetNanos,
      Map<String, Long> applyBegan,
      Map<String, Long> logged,
      Map<String, Long> applied) {
    List<long[]> matched = new ArrayList<>();
    for (Timeline probe : probes) {
      Long log = logged.get(key(probe.course(), probe.student()));
      Long inbox = applied.get(key(probe.course(), probe.student()));
      Long began = applyBegan.get(probe.operationId());
      if (log != null && inbox != null && began != null) {
        long due = probe.due() + wallOffsetNanos;
        long accepted = probe.accepted() + wallOffsetNanos;
        long visible = probe.visible() + wallOffsetNanos;
        matched.add(
            new long[] {
              accepted - due,
              began - accepted,
              log - began,
              inbox - log,
              visible - inbox,
              visible - due
            });
      }
    }
    List<Histogram> all = histograms(matched);
    matched.sort(Comparator.comparingLong((long[] hops) -> hops[HOPS.size()]).reversed());
    List<Histogram> slowest = histograms(matched.subList(0, Math.ceilDiv(matched.size(), 100)));
    return new Breakdown(matched.size(), probes.size(), all, slowest);
  }

  private static List<Histogram> histograms(List<long[]> probes) {
    List<Histogram> histograms = new ArrayList<>();
    for (int hop = 0; hop < HOPS.size(); hop++) {
      Histogram micros = new Histogram(3);
      for (long[] hops : probes) {
        micros.recordValue(Math.max(0, hops[hop]) / 1000);
      }
      histograms.add(micros);
    }
    return histograms;
  }

  /**
   * @param matched probes found in the courses service's log, the enrollment log and the inbox
   * @param probes probes measured
   * @param all per hop, every matched probe's latency (µs)
   * @param slowest per hop, the slowest 1 % of the matched probes (by their whole time)
   */
  record Breakdown(int matched, int probes, List<Histogram> all, List<Histogram> slowest) {
    /** One line for the report: each hop's p50 and p99, and its median in the slowest 1 %. */
    String describe() {
      if (matched == 0) {
        return "no probe found in the courses service's log, the enrollment log and the students'"
            + " inbox";
      }
      StringBuilder line =
          new StringBuilder(
              ("enrollment visible, by hop (%d of the %d probes of the measured rounds found in the"
                      + " courses service's log, the enrollment log and the students' inbox; p50 /"
                      + " p99 over all, median of the slowest 1 %%):")
                  .formatted(matched, probes));
      for (int hop = 0; hop < HOPS.size(); hop++) {
        line.append(
            " %s %.1f / %.1f ms, %.1f ms;"
                .formatted(
                    HOPS.get(hop),
                    all.get(hop).getValueAtPercentile(50) / 1000.0,
                    all.get(hop).getValueAtPercentile(99) / 1000.0,
                    slowest.get(hop).getValueAtPercentile(50) / 1000.0));
      }
      line.setLength(line.length() - 1);
      return line.toString();
    }
  }

  /** Epoch nanoseconds minus System.nanoTime, now. */
  static long wallOffsetNanos() {
    long before = System.nanoTime();
    long wall = epochNanos(Instant.now());
    return wall - (before + System.nanoTime()) / 2;
  }

  /**
   * When each pair's ADD entry was stored, for the entries from {@code firstSequence} to the
   * stream's last, read one by one after the load (a few hundred).
   */
  static Map<String, Long> logged(JetStreamManagement jsm, String stream, long firstSequence)
      throws IOException, JetStreamApiException {
    long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
    Map<String, Long> stored = new HashMap<>();
    for (long sequence = firstSequence; sequence <= last; sequence++) {
      MessageInfo entry = jsm.getMessage(stream, sequence);
      EnrollmentChange change = JetStreamEnrollmentLog.decode(entry.getData());
      if (change.kind() == EnrollmentChange.Kind.ADD) {
        stored.putIfAbsent(
            key(change.courseId(), change.studentId()), epochNanos(entry.getTime().toInstant()));
      }
    }
    return stored;
  }

  /**
   * When the courses service began applying each enrollment command, from its log: the line {@code
   * apply enroll -> Applied in <µs> us} that its logging decorator writes at INFO when the apply
   * ends ({@code dev.nis.common.observation.CallObservation}), with the command's {@code
   * operation_id}; none (so no probe matched) when LOG_LEVEL hides it.
   */
  static Map<String, Long> applyBegan(Path coursesLog) throws IOException {
    Map<String, Long> began = new HashMap<>();
    try (Stream<String> lines = Files.lines(coursesLog)) {
      for (String line :
          (Iterable<String>) lines.filter(l -> l.contains("apply enroll"))::iterator) {
        JsonNode event = JSON.readTree(line);
        Matcher applied = APPLIED_IN.matcher(event.path("message").asText());
        String operation = event.path("operation_id").asText("");
        if (applied.matches() && !operation.isEmpty()) {
          long end = epochNanos(Instant.parse(event.path("@timestamp").asText()));
          began.put(operation, end - Long.parseLong(applied.group(1)) * 1000);
        }
      }
    }
    return began;
  }

  /** The stream's next sequence: where the entries appended from now on begin. */
  static long nextSequence(JetStreamManagement jsm, String stream)
      throws IOException, JetStreamApiException {
    return jsm.getStreamInfo(stream).getStreamState().getLastSequence() + 1;
  }

  /**
   * When the students side inserted each ADD entry's inbox row since {@code since}: the entry id
   * ends with {@code :ADD:<course>:<student>} ({@code JetStreamEnrollmentLog.messageId}).
   */
  static Map<String, Long> applied(String schema, Instant since) throws SQLException {
    Map<String, Long> applied = new HashMap<>();
    try (var db = DriverManager.getConnection(Stack.POSTGRES_URL, "postgres", "");
        var query =
            db.prepareStatement(
                "SELECT entry_id, applied_at FROM \"%s\".enrollment_inbox WHERE applied_at >= ?"
                    .formatted(schema))) {
      query.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
      try (var rows = query.executeQuery()) {
        while (rows.next()) {
          String[] parts = rows.getString(1).split(":");
          int n = parts.length;
          if (n >= 3 && parts[n - 3].equals("ADD")) {
            applied.putIfAbsent(
                key(parts[n - 2], parts[n - 1]),
                epochNanos(rows.getObject(2, OffsetDateTime.class).toInstant()));
          }
        }
      }
    }
    return applied;
  }

  private static long epochNanos(Instant instant) {
    return ChronoUnit.NANOS.between(Instant.EPOCH, instant);
  }
}
