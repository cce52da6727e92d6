package dev.nis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP load from wrk (a separate process, as a real client would be), with bench/wrk/nis.lua
 * choosing the requests and printing the percentiles as JSON (or bench/wrk/nis-status.lua, which
 * also counts answers of an unexpected status as errors).
 */
final class Wrk implements Load {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARK = "NIS_RESULT ";

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
    }
    return measured;
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
