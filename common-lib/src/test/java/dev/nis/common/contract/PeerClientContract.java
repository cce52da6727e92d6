package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import dev.nis.common.grpc.GrpcPeerChannel;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.common.grpc.RequestIds;
import dev.nis.common.testing.FakePeer;
import dev.nis.common.testing.Ports;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A service's gRPC client of the other service, held once: what it asks, how it maps the answer,
 * which failures it retries (UNAVAILABLE, three attempts in all) and which it does not, its
 * deadline, and the request id it carries. The other service is a {@link FakePeer} in process; a
 * subclass per service supplies the client's one read ({@link #read}), the peer's method and one
 * {@link Exchange}.
 *
 * @param <Q> the peer's request message
 * @param <A> the peer's response message
 * @param <R> what the client answers for one related entity
 */
public abstract class PeerClientContract<Q extends Message, A extends Message, R> {
  private final MethodDescriptor<Q, A> method;
  private final String peerName;
  private FakePeer<Q, A> peer;
  private GrpcServer server;
  private ManagedChannel channel;

  /**
   * One exchange with the peer: the request the client's read sends, an answer with one related
   * entity, and what the client makes of that entity (identified by {@code idOf}).
   */
  public record Exchange<Q, A, R>(Q request, A answer, R mapped, Function<R, String> idOf) {}

  /**
   * @param method the peer's method the client calls
   * @param peerName the other service, as it is named when unavailable
   */
  protected PeerClientContract(MethodDescriptor<Q, A> method, String peerName) {
    this.method = method;
    this.peerName = peerName;
  }

  /**
   * The client's read over this channel, with its default deadline when {@code deadline} is null.
   */
  protected abstract List<R> read(ManagedChannel channel, Duration deadline);

  /** The client's own channel to a real address. */
  protected abstract ManagedChannel openChannel(String target);

  protected abstract Exchange<Q, A, R> exchange();

  @BeforeEach
  void startFakePeer() throws Exception {
    peer = new FakePeer<>(method, emptyAnswer());
    String name = InProcessServerBuilder.generateName();
    server = new GrpcServer(InProcessServerBuilder.forName(name), List.of(peer)).start();
    channel =
        GrpcPeerChannel.configure(InProcessChannelBuilder.forName(name), method.getServiceName())
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    MDC.clear();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ZERO);
  }

  @SuppressWarnings("unchecked")
  private A emptyAnswer() {
    return (A) exchange().answer().getDefaultInstanceForType();
  }

  private List<R> read() {
    return read(channel, null);
  }

  @Test
  void relatedOfOne_areMappedToTheDomain() {
    peer.answer = exchange().answer();

    assertThat(read()).containsExactly(exchange().mapped());
    assertThat(peer.seenRequest).isEqualTo(exchange().request());
  }

  @Test
  void peersNotFound_isNotFound_notRetried() {
    peer.failuresBeforeAnswer = Integer.MAX_VALUE;
    peer.failure = Status.NOT_FOUND;

    assertThatThrownBy(this::read).isInstanceOf(NotFoundException.class);
    assertThat(peer.attempts).hasValue(1);
  }

  @Test
  void silentPeer_isUnavailableWhenTheDeadlinePasses() {
    peer.silent = true;

    long started = System.nanoTime();
    assertThatThrownBy(() -> read(channel, Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            DependencyUnavailableException.class,
            e -> assertThat(e.dependency()).isEqualTo(peerName));

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
    assertThat(peer.attempts).hasValue(1);
  }

  @Test
  void unavailableTwice_isRetriedToSuccess() {
    peer.answer = exchange().answer();
    peer.failuresBeforeAnswer = 2;

    List<R> answer = read();

    Function<R, String> idOf = exchange().idOf();
    assertThat(answer).extracting(idOf).containsExactly(idOf.apply(exchange().mapped()));
    assertThat(peer.attempts).hasValue(3);
  }

  @Test
  void unavailableEveryTime_givesUpAfterThreeAttempts() {
    peer.failuresBeforeAnswer = Integer.MAX_VALUE;

    assertThatThrownBy(this::read).isInstanceOf(DependencyUnavailableException.class);
    assertThat(peer.attempts).hasValue(3);
  }

  @Test
  void otherFailures_areNotRetried_andAreNotReportedAsUnavailable() {
    peer.failuresBeforeAnswer = Integer.MAX_VALUE;
    peer.failure = Status.INTERNAL;

    assertThatThrownBy(this::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("INTERNAL");
    assertThat(peer.attempts).hasValue(1);
  }

  @Test
  void nothingListening_isUnavailableWellWithinTheDefaultDeadline() throws Exception {
    ManagedChannel nowhere = openChannel("127.0.0.1:" + Ports.closed());
    try {
      long started = System.nanoTime();
      assertThatThrownBy(() -> read(nowhere, null))
          .isInstanceOf(DependencyUnavailableException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
    } finally {
      nowhere.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void requestId_travelsFromTheCallersMdcToThePeersMdc() {
    MDC.put(RequestIds.MDC_KEY, "req-from-the-caller");

    read();

    assertThat(peer.seenRequestId).isEqualTo("req-from-the-caller");
  }

  @Test
  void withoutRequestId_thePeerMakesOne() {
    read();

    assertThat(peer.seenRequestId).isNotBlank();
  }
}
