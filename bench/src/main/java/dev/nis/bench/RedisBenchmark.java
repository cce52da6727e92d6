package dev.nis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The physical limit of a read served from the cache: {@code redis-benchmark} (Redis' own load
 * generator, a separate process as wrk is) sending {@code GET key} over {@code clients} connections
 * to the Redis the services use, the key holding a value the size of a cached entry.
 * redis-benchmark runs a number of requests rather than a time: each run asks for as many as the
 * previous one's rate fills {@code length} with.
 */
final class RedisBenchmark implements Load {
  private static final double FIRST_GUESS_PER_SECOND = 20_000;

  private final String host;
  private final int port;
  private final int clients;
  private final String key;
  private double lastRate = FIRST_GUESS_PER_SECOND;

  RedisBenchmark(String host, int port, int clients, String key) {
    this.host = host;
    this.port = port;
    this.clients = clients;
    this.key = key;
  }

  @Override
  public Measurement run(Duration length) throws IOException, InterruptedException {
    long requests = Math.max(clients * 20L, Math.round(lastRate * length.toMillis() / 1000.0));
    List<String> command =
        List.of(
            "redis-benchmark",
            "-h",
            host,
            "-p",
            Integer.toString(port),
            "-c",
            Integer.toString(clients),
            "-n",
            Long.toString(requests),
            // as many client threads as wrk runs
            "--threads",
            Integer.toString(Math.min(2, clients)),
            "--csv",
            "GET",
            key);
    long began = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("redis-benchmark failed: " + output);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",
    // "p99_latency_ms","max_latency_ms"
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("\"GET"))
            .reduce((first, last) -> last)
            .orElseThrow(() -> new IOException("redis-benchmark printed no result: " + output));
    String[] fields = line.replace("\"", "").split(",");
    double rps = Double.parseDouble(fields[fields.length - 7]);
    lastRate = rps;
    return new Measurement(
        rps,
        requests,
        0,
        Double.parseDouble(fields[fields.length - 4]),
        Double.parseDouble(fields[fields.length - 3]), // p95: redis-benchmark prints no p90
        Double.parseDouble(fields[fields.length - 2]),
        Double.parseDouble(fields[fields.length - 1]),
        seconds);
  }
}
