package dev.nis.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * POSTs at a fixed rate over HTTP/1.1 whatever the answers' speed, and measures each latency from
 * the moment its request was due (no coordinated omission), as {@link OpenLoop} does for any call;
 * a request answered with another status than the expected one, or not at all within a minute of
 * the round's end, is an error.
 *
 * <p>Everything runs on one netty event loop thread: it sends the requests that are due, reads the
 * answers, and keeps the idle connections for the next requests; a request finding none idle opens
 * one, so the loop is never held back by slow answers. {@link OpenLoop} with the JDK's {@code
 * HttpClient} handed each request between a virtual thread, the client's selector thread and its
 * executor: at the half-rate creates it took about 0.4 ms of this JVM's CPU per request (a profile
 * of 2026-12-05: 45 % of this JVM's samples in the client and the virtual threads' scheduling,
 * bench/analysis.md), CPU taken from the services it measures on the same two cores. wrk2 sends at
 * a fixed rate too, but it is not packaged in the sources this machine reaches.
 */
final class HttpOpenLoop implements Load {
  private static final AttributeKey<Long> DUE = AttributeKey.valueOf("nis.bench.due");
  private static final Duration LATE_ANSWERS = Duration.ofMinutes(1);

  private final double perSecond;
  private final URI target;
  private final Supplier<String> bodies;
  private final String prefer;
  private final int expectedStatus;

  /**
   * @param perSecond requests a second
   * @param target the URL each request is POSTed to
   * @param bodies each request's JSON body, asked for as it is sent (on the event loop)
   * @param prefer the {@code Prefer} header, or null for none
   * @param expectedStatus the status of an answer that counts as done
   */
  HttpOpenLoop(
      double perSecond, URI target, Supplier<String> bodies, String prefer, int expectedStatus) {
    this.perSecond = perSecond;
    this.target = target;
    this.bodies = bodies;
    this.prefer = prefer;
    this.expectedStatus = expectedStatus;
  }

  @Override
  public Measurement run(Duration length) throws InterruptedException {
    long periodNanos = (long) (1e9 / perSecond);
    long total = (long) (length.toNanos() / (double) periodNanos);
    NioEventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("open-loop", true));
    try {
      Round round = new Round(group.next(), periodNanos, total);
      round.loop.execute(round::sendDue);
      long unanswered =
          round.finished.await(length.plus(LATE_ANSWERS).toMillis(), TimeUnit.MILLISECONDS)
              ? 0
              : round.finished.getCount();
      double seconds = length.toNanos() / 1e9;
      return Measurement.of(
          round.recorder.getIntervalHistogram(), round.errors.get() + unanswered, seconds);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** One run's state; its fields other than the counters are touched on the event loop only. */
  private final class Round {
    final EventLoop loop;
    final Recorder recorder = new Recorder(3);
    final AtomicLong errors = new AtomicLong();
    final CountDownLatch finished;
    private final long periodNanos;
    private final long total;
    private final long start = System.nanoTime();
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final Bootstrap bootstrap;
    private long sent;

    Round(EventLoop loop, long periodNanos, long total) {
      this.loop = loop;
      this.periodNanos = periodNanos;
      this.total = total;
      this.finished = new CountDownLatch((int) total);
      this.bootstrap =
          new Bootstrap()
              .group(loop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
              .handler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                      channel
                          .pipeline()
                          .addLast(
                              new HttpClientCodec(),
                              new HttpObjectAggregator(1 << 20),
                              new Answers());
                    }
                  });
    }

    /** Sends every request due by now, then comes back when the next one is due. */
    void sendDue() {
      long now = System.nanoTime();
      while (sent < total && due(sent) <= now) {
        send(due(sent++));
      }
      if (sent < total) {
        loop.schedule(this::sendDue, due(sent) - System.nanoTime(), TimeUnit.NANOSECONDS);
      } else {
        // the round's last request is out: nothing more will be kept idle for it
        idle.forEach(Channel::close);
        idle.clear();
      }
    }

    private long due(long index) {
      return start + index * periodNanos;
    }

    private void send(long due) {
      Channel channel = idle.poll();
      if (channel != null) {
        write(channel, due);
        return;
      }
      bootstrap
          .connect(target.getHost(), target.getPort())
          .addListener(
              (ChannelFutureListener)
                  connected -> {
                    if (connected.isSuccess()) {
                      write(connected.channel(), due);
                    } else {
                      failed();
                    }
                  });
    }

    private void write(Channel channel, long due) {
      byte[] body = bodies.get().getBytes(StandardCharsets.UTF_8);
      FullHttpRequest request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              HttpMethod.POST,
              target.getRawPath(),
              Unpooled.wrappedBuffer(body));
      request
          .headers()
          .set(HttpHeaderNames.HOST, target.getHost() + ":" + target.getPort())
          .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
      if (prefer != null) {
        request.headers().set("Prefer", prefer);
      }
      channel.attr(DUE).set(due);
      channel.writeAndFlush(request);
    }

    private void failed() {
      errors.incrementAndGet();
      finished.countDown();
    }

    /** The answers on one connection, each to the one request in flight on it. */
    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
      @Override
      protected void channelRead0(ChannelHandlerContext context, FullHttpResponse answer) {
        Long due = context.channel().attr(DUE).getAndSet(null);
        if (due == null) {
          return; // an answer to no request: the server's own (e.g. a timeout), already counted
        }
        if (answer.status().code() == expectedStatus) {
          recorder.recordValue(Math.max(0, System.nanoTime() - due) / 1000);
          finished.countDown();
        } else {
          failed();
        }
        if (HttpUtil.isKeepAlive(answer) && sent < total) {
          idle.push(context.channel());
        } else {
          context.close();
        }
      }

      @Override
      public void channelInactive(ChannelHandlerContext context) {
        idle.remove(context.channel());
        if (context.channel().attr(DUE).getAndSet(null) != null) {
          failed();
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close(); // the request in flight, if any, counts as failed when it is inactive
      }
    }
  }
}
