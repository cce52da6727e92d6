import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compares two layouts of a partitioned command stream on one nats-server, by that server's CPU
 * per message (bench/analysis.md, "nats-server 2.9.10's recount, located"): {@code one}, a stream
 * of 32 subjects with a consumer filtered to each (the services' layout), and {@code many}, 32
 * streams of one subject each with unfiltered consumers. The consumers are the services' own:
 * durable, {@code max_ack_pending = 1}, pull requests of 8 that expire after 1 s.
 *
 * <p>A probe, not a benchmark case: it needs a private nats-server whose CPU it reads from /proc.
 * Run from the project's root (jnats from the local Maven repository):
 *
 * <pre>
 * nats-server -a 127.0.0.1 -p 14333 -js -sd "$(mktemp -d)" &amp;
 * java -cp ~/.m2/repository/io/nats/jnats/2.20.6/jnats-2.20.6.jar \
 *   bench/probes/PartitionLayoutProbe.java one|many MESSAGES RATE APPLY_MS BODY_BYTES $!
 * </pre>
 *
 * publishes MESSAGES (at RATE a second, 0 for as fast as acks come) while the 32 consumers apply
 * them, each apply taking APPLY_MS, and prints the messages a second and nats-server's CPU per
 * message. Its streams are named after the run and deleted at the end.
 */
public final class PartitionLayoutProbe {
  private static final int PARTITIONS = 32;

  public static void main(String[] args) throws Exception {
    boolean oneStream = switch (args[0]) {
      case "one" -> true;
      case "many" -> false;
      default -> throw new IllegalArgumentException("layout is one or many: " + args[0]);
    };
    int messages = Integer.parseInt(args[1]);
    int rate = Integer.parseInt(args[2]);
    int applyMillis = Integer.parseInt(args[3]);
    byte[] body = new byte[Integer.parseInt(args[4])];
    long serverPid = Long.parseLong(args[5]);
    String tag = "probe" + System.currentTimeMillis() % 1_000_000;

    try (Connection nats = Nats.connect("nats://127.0.0.1:14333")) {
      JetStreamManagement management = nats.jetStreamManagement();
      JetStream js = nats.jetStream();
      List<String> streams = new ArrayList<>();
      for (int p = 0; p < (oneStream ? 1 : PARTITIONS); p++) {
        String name = oneStream ? tag : tag + "_" + p;
        management.addStream(
            StreamConfiguration.builder()
                .name(name)
                .subjects(oneStream ? tag + ".*" : tag + "." + p)
                .storageType(StorageType.File)
                .maxAge(Duration.ofDays(7))
                .duplicateWindow(Duration.ofMinutes(2))
                .build());
        streams.add(name);
      }
      for (int p = 0; p < PARTITIONS; p++) {
        ConsumerConfiguration.Builder consumer =
            ConsumerConfiguration.builder()
                .durable("c" + p)
                .ackPolicy(AckPolicy.Explicit)
                .maxAckPending(1)
                .ackWait(Duration.ofSeconds(4));
        if (oneStream) {
          consumer.filterSubject(tag + "." + p);
        }
        management.addOrUpdateConsumer(streams.get(oneStream ? 0 : p), consumer.build());
      }

      long cpuBefore = cpuTicks(serverPid);
      long began = System.nanoTime();
      AtomicInteger applied = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      threads.add(Thread.ofPlatform().start(() -> publish(js, tag, messages, rate, body)));
      for (int p = 0; p < PARTITIONS; p++) {
        String stream = streams.get(oneStream ? 0 : p);
        String durable = "c" + p;
        threads.add(
            Thread.ofPlatform()
                .start(() -> apply(js, stream, durable, messages, applyMillis, applied)));
      }
      for (Thread thread : threads) {
        thread.join();
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      long cpu = cpuTicks(serverPid) - cpuBefore;
      System.out.printf(
          "%s: %d messages in %.1f s (%.0f/s); nats-server CPU %.2f s, %.3f ms a message%n",
          args[0], messages, seconds, messages / seconds, cpu / 100.0, cpu * 10.0 / messages);
      for (String stream : streams) {
        management.deleteStream(stream);
      }
    }
  }

  private static void publish(JetStream js, String tag, int messages, int rate, byte[] body) {
    try {
      List<CompletableFuture<?>> acks = new ArrayList<>();
      long began = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        if (rate > 0) {
          long due = began + (long) (i * 1e9 / rate);
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
        }
        String subject = tag + "." + ThreadLocalRandom.current().nextInt(PARTITIONS);
        acks.add(
            js.publishAsync(
                NatsMessage.builder().subject(subject).data(body).build(),
                PublishOptions.builder().messageId(tag + "-" + i).build()));
        if (acks.size() >= 500) {
          for (CompletableFuture<?> ack : acks) {
            ack.get();
          }
          acks.clear();
        }
      }
      for (CompletableFuture<?> ack : acks) {
        ack.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("publishing failed", e);
    }
  }

  private static void apply(
      JetStream js,
      String stream,
      String durable,
      int messages,
      int applyMillis,
      AtomicInteger applied) {
    try {
      JetStreamSubscription subscription =
          js.subscribe(null, PullSubscribeOptions.bind(stream, durable));
      int requested = 0;
      long requestedAt = 0;
      while (applied.get() < messages) {
        if (requested == 0 || System.nanoTime() - requestedAt > 1_000_000_000L) {
          subscription.pullExpiresIn(8, Duration.ofSeconds(1));
          requested = 8;
          requestedAt = System.nanoTime();
        }
        Message message = subscription.nextMessage(Duration.ofMillis(500));
        if (message != null && message.isJetStream()) {
          requested--;
          Thread.sleep(applyMillis);
          message.ack();
          applied.incrementAndGet();
        }
      }
      subscription.unsubscribe();
    } catch (Exception e) {
      throw new IllegalStateException("applying from " + durable + " failed", e);
    }
  }

  /**
   * The process's user and system CPU time in clock ticks (1/100 s): /proc/PID/stat. Read here
   * rather than through the bench module's {@code CpuAccount}, which accounts a whole stack: this
   * file runs on its own, with jnats only on the class path.
   */
  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
