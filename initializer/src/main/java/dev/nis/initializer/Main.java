package dev.nis.initializer;

import static net.logstash.logback.argument.StructuredArguments.v;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import dev.nis.common.logging.JsonConsole;
import dev.nis.initializer.Outcome.Conflict;
import dev.nis.initializer.Outcome.Failed;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-shot job that owns every JetStream stream and bucket: it waits for NATS, creates what is
 * missing, updates in place what JetStream can update, reports what it cannot by name, and exits
 * with an {@link ExitCode}. Running it again changes nothing.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private static final java.time.Duration PLACEMENT_RETRY = java.time.Duration.ofSeconds(1);

  private final Env env;
  private final PrintStream err;

  public Main(Env env, PrintStream err) {
    this.env = env;
    this.err = err;
  }

  /**
   * Runs the job as a process: its stderr sentences, like every other output, become JSON log lines
   * ({@link JsonConsole}: logger {@code stderr}).
   */
  public static void main(String[] args) {
    JsonConsole.install();
    System.exit(new Main(Env.system(), System.err).run());
  }

  /** Provisions once and returns the process exit code; never calls {@link System#exit}. */
  public int run() {
    InitializerConfig config;
    try {
      config = InitializerConfig.from(env);
    } catch (ConfigException e) {
      return failure("bad configuration: " + e.getMessage());
    }
    log.info(
        "provisioning JetStream at {} for namespace {} with {}",
        v("nats_url", config.natsUrl()),
        v("namespace", config.contract().namespace()),
        v("replicas", config.replicas()));
    try {
      long deadline = System.nanoTime() + config.waitLimit().toNanos();
      Connection connection =
          new WaitingNatsConnector(config.natsUrl(), config.waitLimit()).connect();
      try {
        JetStreamProvisioner provisioner = JetStreamProvisioner.on(connection, config.drainWait());
        // a cluster whose servers are still joining (the job starts beside them), or that is
        // electing a leader, cannot place replicated streams or answer yet: the same wait as for
        // NATS itself, INIT_WAIT
        ProvisioningReport report;
        while (true) {
          try {
            report = provisioner.provision(config.contract(), config.replicas());
            if (!report.awaitsPeers() || System.nanoTime() >= deadline) {
              break;
            }
            log.warn("the NATS cluster cannot place {} yet", v("replicas", config.replicas()));
          } catch (IOException e) {
            if (System.nanoTime() >= deadline) {
              throw e;
            }
            log.warn("NATS did not answer in time: {}; trying again", v("error", e.getMessage()));
          }
          Thread.sleep(PLACEMENT_RETRY.toMillis());
        }
        return finish(report);
      } finally {
        connection.close();
      }
    } catch (NatsUnavailableException | IOException e) {
      return failure(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure("interrupted");
    } catch (RuntimeException e) {
      log.error("unexpected failure", e);
      return failure("unexpected failure: " + e);
    }
  }

  private int finish(ProvisioningReport report) {
    for (Conflict c : report.conflicts()) {
      err.printf(
          "conflict: %s %s: %s is %s but declared %s; JetStream cannot change it in place, so it"
              + " was left as it is (delete it, losing its data, or change the declaration)%n",
          c.kind(), c.name(), c.field(), c.existing(), c.declared());
    }
    for (Failed f : report.failures()) {
      err.printf("failed: %s %s: %s%n", f.kind(), f.name(), f.reason());
    }
    ExitCode exit = report.exitCode();
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("created", report.created().size());
    counts.put("updated", report.updated().size());
    counts.put("unchanged", report.unchanged().size());
    counts.put("conflicts", report.conflictingNames());
    counts.put("failed", report.failures().size());
    counts.put("exit_code", exit.code());
    if (exit == ExitCode.SUCCESS) {
      log.info(Markers.appendEntries(counts), "provisioning done: {}", report.summary());
    } else {
      log.error(Markers.appendEntries(counts), "provisioning incomplete: {}", report.summary());
    }
    return exit.code();
  }

  private int failure(String message) {
    log.error("initializer failed: {}", v("error", message));
    err.println("initializer failed: " + message);
    return ExitCode.FAILURE.code();
  }
}
