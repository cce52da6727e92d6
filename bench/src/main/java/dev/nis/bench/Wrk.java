package dev.nis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load from wrk (a separate process, as a real client would be), with bench/wrk/nis.lua
 * choosing the requests and printing the percentiles as JSON (or bench/wrk/nis-status.lua, which
 * also counts answers of an unexpected status as errors).
 */
final class Wrk implements Load {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARK = "NIS_RESULT ";

  /** A sample of the refusals counter: its status label and its value. */
  private static final Pattern REFUSED =
      Pattern.compile(
          "(?m)^nis_http_requests_refused_total\\{[^}]*status=\"(\\d+)\"[^}]*} (\\S+)$");

  private final Path script;
  private final String url;
  private final int connections;
  private final List<String> scriptArgs;

  Wrk(Path script, String url, int connections, String... scriptArgs) {
    this.script = script;
    this.url = url;
    this.connections = connections;
    this.scriptArgs = List.of(scriptArgs);
  }

  @Override
  public Measurement run(Duration length) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "wrk",
            "-t" + Math.min(2, connections),
            "-c" + connections,
            "-d" + Math.max(1, length.toSeconds()) + "s",
            "--timeout",
            "10s",
            "-s",
            script.toString(),
            url));
    if (!scriptArgs.isEmpty()) {
      command.add("--");
      command.addAll(scriptArgs);
    }
    Map<String, Double> refusedBefore = refusals();
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (wrk.waitFor() != 0) {
      throw new IOException("wrk failed: " + output);
    }
    String line =
        output
            .lines()
            .filter(l -> l.startsWith(MARK))
            .findFirst()
            .orElseThrow(() -> new IOException("wrk printed no result: " + output));
    Measurement measured = parse(JSON.readTree(line.substring(MARK.length())));
    if (measured.errors() > 0) {
      System.out.println("  wrk " + String.join(" ", scriptArgs) + ": " + line);
      System.out.println(
          "  the server's refusals before routing in that round: " + refusedSince(refusedBefore));
    }
    return measured;
  }

  /**
   * The requests the target server answered itself before routing so far, by status ({@code
   * nis_http_requests_refused_total} on its /metrics: 503 at its concurrency limit, 408, protocol
   * errors), which wrk counts only as non-2xx; empty when the server has no such /metrics (Kong).
   */
  private Map<String, Double> refusals() throws InterruptedException {
    Map<String, Double> byStatus = new TreeMap<>();
    try {
      String exposition = Http.get(URI.create(url).resolve("/metrics").toString()).body();
      Matcher sample = REFUSED.matcher(exposition);
      while (sample.find()) {
        byStatus.merge(sample.group(1), Double.parseDouble(sample.group(2)), Double::sum);
      }
    } catch (IOException | IllegalArgumentException e) {
      // not one of the services: nothing to compare
    }
    return byStatus;
  }

  private String refusedSince(Map<String, Double> before) throws InterruptedException {
    Map<String, Double> after = refusals();
    if (after.isEmpty()) {
      return "not known (no nis_http_requests_refused_total at " + url + ")";
    }
    List<String> counts = new ArrayList<>();
    after.forEach(
        (status, count) -> {
          double during = count - before.getOrDefault(status, 0.0);
          if (during > 0) {
            counts.add(status + ": " + Math.round(during));
          }
        });
    return counts.isEmpty() ? "none" : String.join(", ", counts);
  }

  private static Measurement parse(JsonNode result) {
    JsonNode errors = result.get("errors");
    long failed = 0;
    for (JsonNode count : errors) {
      failed += count.asLong();
    }
    long socket = failed - errors.path("status").asLong(0);
    // answers below 400 that were not the status the script expected (nis-status.lua)
    failed += result.path("unexpected").asLong(0);
    double seconds = result.get("duration_us").asLong() / 1e6;
    long ok = Math.max(0, result.get("requests").asLong() - failed);
    JsonNode latency = result.get("latency_us");
    return new Measurement(
        ok / seconds,
        ok,
        failed,
        latency.get("p50").asLong() / 1000.0,
        latency.get("p90").asLong() / 1000.0,
        latency.get("p99").asLong() / 1000.0,
        latency.get("max").asLong() / 1000.0,
        seconds,
        socket);
  }
}
