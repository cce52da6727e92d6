package dev.nis.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A JetStream cluster of the test's own: {@code size} nats-server processes on free loopback ports
 * (client, route and monitoring port each), each over its own temporary storage directory, routed
 * to each other as cluster {@code nis-test}. A node can be killed with SIGKILL and started again
 * over its storage, as a lost pod would be. {@link #close()} kills every node and deletes the
 * storage, and a JVM shutdown hook does the same if the test never gets there.
 */
public final class NatsCluster implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  private final List<Node> nodes;
  private final Thread cleanup = new Thread(this::destroyQuietly, "nats-cluster-cleanup");

  private record Node(
      String name, ServerProcess server, int routePort, int monitorPort, Path storage) {
    String url() {
      return "nats://127.0.0.1:" + server.port();
    }

    /** The server's own log (its elections, stalls and warnings), kept until {@link #close}. */
    Path log() {
      return storage.resolve("nats-server.log");
    }

    /** Whether its process was started and has ended by itself. */
    boolean exitedAtStart() {
      return server.hasExited();
    }
  }

  private NatsCluster(List<Node> nodes) {
    this.nodes = nodes;
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Starts {@code size} nodes and returns once the cluster answers JetStream API requests.
   *
   * <p>Each node's two ports are picked free and then bound by nats-server a moment later. They
   * come from {@link Ports#free}, below the kernel's ephemeral range, since an outgoing connection
   * took one in between (seen once in CI: "nats-server did not start on port ..." 0.16 s into the
   * test, right after a test that opened hundreds of connections); a server of another process can
   * still bind one first, and the node then exits at once. So a start whose node exits is tried
   * again, at most {@value #START_ATTEMPTS} times, on new ports and new storage; a node that runs
   * but does not answer is not.
   */
  public static NatsCluster start(int size) throws Exception {
    return start(size, Ports::free);
  }

  /** A source of ports for the nodes (a test's seam: one that hands out a taken port). */
  @FunctionalInterface
  interface PortSource {
    int next() throws IOException;
  }

  /** As {@link #start(int)}, each attempt's ports from {@code ports}. */
  static NatsCluster start(int size, PortSource ports) throws Exception {
    for (int attempt = 1; ; attempt++) {
      NatsCluster cluster = new NatsCluster(newNodes(size, ports));
      try {
        for (int i = 0; i < size; i++) {
          cluster.startNode(i);
        }
        cluster.awaitJetStream();
        return cluster;
      } catch (IllegalStateException e) {
        String tails = cluster.logTails(5);
        boolean exited = cluster.nodes.stream().anyMatch(Node::exitedAtStart);
        cluster.close();
        if (!exited || attempt == START_ATTEMPTS) {
          throw new IllegalStateException(e.getMessage() + "\n" + tails, e);
        }
      } catch (Exception | Error e) {
        cluster.close();
        throw e;
      }
    }
  }

  private static List<Node> newNodes(int size, PortSource ports) throws IOException {
    List<Node> nodes = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      nodes.add(
          new Node(
              "n" + i,
              new ServerProcess(ports.next()),
              ports.next(),
              // not from the seam: its tests count the client and route ports handed out
              Ports.free(),
              Files.createTempDirectory("nats-cluster-n" + i)));
    }
    return nodes;
  }

  /** Every node's client URL, comma-separated, as {@code NATS_URL} takes them. */
  public String urls() {
    return nodes.stream().map(Node::url).collect(Collectors.joining(","));
  }

  public String url(int node) {
    return nodes.get(node).url();
  }

  public int size() {
    return nodes.size();
  }

  /** The index of the node whose {@code server_name} is {@code name} ({@code n1} is 0). */
  public int indexOf(String name) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no node named " + name);
  }

  /** A connection to every node, reconnecting without end; the caller closes it. */
  public Connection connect() throws IOException, InterruptedException {
    return connect(urls());
  }

  /** A connection to one node only (e.g. one that is not going to be killed). */
  public Connection connectTo(int node) throws IOException, InterruptedException {
    return connect(url(node));
  }

  private static Connection connect(String servers) throws IOException, InterruptedException {
    return Nats.connect(
        Options.builder()
            .server(servers)
            .connectionTimeout(Duration.ofSeconds(2))
            .reconnectWait(Duration.ofMillis(100))
            .maxReconnects(-1)
            .build());
  }

  /** The name of the node that leads {@code stream} now ({@code n1}, ...). */
  public String leaderOf(Connection connection, String stream)
      throws IOException, JetStreamApiException {
    return connection.jetStreamManagement().getStreamInfo(stream).getClusterInfo().getLeader();
  }

  /**
   * The messages that {@code node}'s own copy of {@code stream} holds, from that server's
   * monitoring endpoint ({@code /jsz}), or -1 when it holds no copy. The JetStream API answers from
   * the stream's leader only; this is how a test sees that a follower has caught up.
   */
  public long storedMessages(int node, String stream) throws IOException, InterruptedException {
    URI jsz =
        URI.create(
            "http://127.0.0.1:"
                + nodes.get(node).monitorPort()
                + "/jsz?accounts=true&streams=true");
    try (HttpClient http = HttpClient.newHttpClient()) {
      String body =
          http.send(
                  HttpRequest.newBuilder(jsz).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (JsonNode account : new ObjectMapper().readTree(body).path("account_details")) {
        for (JsonNode detail : account.path("stream_detail")) {
          if (detail.path("name").asText().equals(stream)) {
            return detail.path("state").path("messages").asLong();
          }
        }
      }
      return -1;
    }
  }

  /** SIGKILL: the node ends at once, with whatever it had not yet written. */
  public void kill(int node) throws InterruptedException {
    nodes.get(node).server().kill();
  }

  /** Starts a stopped or killed node again over its storage; returns once it takes clients. */
  public void restart(int node) throws IOException, InterruptedException {
    startNode(node);
  }

  private void startNode(int index) throws IOException, InterruptedException {
    Node node = nodes.get(index);
    List<String> routes = new ArrayList<>();
    for (Node other : nodes) {
      if (other != node) {
        routes.add("nats://127.0.0.1:" + other.routePort());
      }
    }
    node.server()
        .start(
            List.of(
                "nats-server",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(node.server().port()),
                "-n",
                node.name(),
                "-m",
                Integer.toString(node.monitorPort()),
                "-js",
                "-sd",
                node.storage().toString(),
                "--cluster_name",
                "nis-test",
                "--cluster",
                "nats://127.0.0.1:" + node.routePort(),
                "--routes",
                String.join(",", routes)),
            node.log());
  }

  /**
   * The last {@code lines} lines of every node's log, each headed by its name: for the message of a
   * failed test, since the logs go with the cluster's storage when it closes.
   */
  public String logTails(int lines) {
    StringBuilder tails = new StringBuilder();
    for (Node node : nodes) {
      tails.append("--- ").append(node.name()).append(" (last ").append(lines).append(" lines)\n");
      try {
        List<String> all = Files.readAllLines(node.log());
        all.subList(Math.max(0, all.size() - lines), all.size())
            .forEach(line -> tails.append(line).append('\n'));
      } catch (IOException e) {
        tails.append("(no log: ").append(e.getMessage()).append(")\n");
      }
    }
    return tails.toString();
  }

  /**
   * Waits until a stream with a replica on every node can be created: the cluster has elected its
   * meta leader and knows all its peers (before that, JetStream answers "no suitable peers for
   * placement", seen on a loaded machine a second after the meta leader answered).
   */
  private void awaitJetStream() throws Exception {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    try (Connection connection = connect()) {
      var jsm = connection.jetStreamManagement();
      while (true) {
        try {
          jsm.addStream(
              io.nats.client.api.StreamConfiguration.builder()
                  .name("NATS_CLUSTER_READY")
                  .subjects("nats-cluster-ready")
                  .replicas(nodes.size())
                  .storageType(io.nats.client.api.StorageType.Memory)
                  .build());
          jsm.deleteStream("NATS_CLUSTER_READY");
          return;
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "the NATS cluster's JetStream did not answer within " + READY_WITHIN, e);
          }
          Thread.sleep(200);
        }
      }
    }
  }

  @Override
  public void close() {
    destroyQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing left to remove
    }
  }

  private void destroyQuietly() {
    for (Node node : nodes) {
      try {
        node.server().kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try (var files = Files.walk(node.storage())) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind is not worth failing the test for
      }
    }
  }
}
