package dev.nis.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 client on one netty event loop thread, for loads that send at a fixed rate: {@link
 * #send} writes a request on the most recently used idle connection to the target's host and port,
 * or opens one when none is idle (so slow answers never hold the next request back), and hands the
 * answer to its {@link Answer} on the same thread. At most {@value #MAX_IDLE_PER_TARGET} idle
 * connections are kept per target; beyond that the least recently used is closed, as Kong (its
 * {@code upstream_keepalive_pool_size}, 60 by default) and nginx's upstream {@code keepalive} do.
 * Before, it kept every connection a burst had opened, so after a stall of the service it held
 * ~1,000 connections to it for the rest of the run, ~24 KiB of the service's heap each even when
 * idle; no client behind the gateway does that. (Most of those connections turned out to be
 * requests still waiting, so this alone did not end the service's full collections under the
 * half-rate load: bench/analysis.md, "Where the courses service's full collections under the write
 * load came from".) Every method must be called on {@link #loop()}; callers schedule their own work
 * there, which makes a whole load one thread without locks.
 *
 * <p>Why not the JDK's {@code HttpClient}: it hands each request between the caller's thread, its
 * selector thread and its executor, and at the half-rate creates that took about 0.4 ms of the
 * bench JVM's CPU per request (a profile of 2026-12-05, bench/analysis.md "The half-rate load sent
 * from one event loop"), CPU taken from the services it measures on the same two cores. Netty is
 * the library here; this class only keeps the idle connections.
 */
final class LoopHttpClient implements AutoCloseable {
  private static final AttributeKey<Answer> WAITING = AttributeKey.valueOf("nis.bench.answer");
  private static final AttributeKey<ArrayDeque<Channel>> IDLE_WITH =
      AttributeKey.valueOf("nis.bench.idle");

  /** Kong's default upstream keep-alive pool, the client the services have in production. */
  static final int MAX_IDLE_PER_TARGET = 60;

  /** What becomes of one request; called on the event loop, once. */
  interface Answer {
    /** The server answered; {@code body} is released after the call returns. */
    void answered(int status, ByteBuf body);

    /** No answer: the connection could not be opened, or closed before the answer. */
    void failed();
  }

  private final NioEventLoopGroup group;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();
  private boolean keepNone;

  /**
   * @param threadName the event loop thread's name, as profiles show it
   */
  LoopHttpClient(String threadName) {
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory(threadName, true));
    this.loop = group.next();
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

  /** The one thread every call must be made on, and where the caller schedules its work. */
  EventLoop loop() {
    return loop;
  }

  /**
   * Sends one request; {@code answer} hears of it on the event loop.
   *
   * @param method the request method
   * @param target the URL; its host, port and raw path (and query) are used
   * @param json a JSON body, or null for none
   * @param prefer the {@code Prefer} header, or null for none
   */
  void send(HttpMethod method, URI target, String json, String prefer, Answer answer) {
    Channel channel = idleFor(target).poll();
    if (channel != null) {
      write(channel, method, target, json, prefer, answer);
      return;
    }
    bootstrap
        .connect(target.getHost(), target.getPort())
        .addListener(
            (ChannelFutureListener)
                connected -> {
                  if (connected.isSuccess()) {
                    write(connected.channel(), method, target, json, prefer, answer);
                  } else {
                    answer.failed();
                  }
                });
  }

  /**
   * Closes the idle connections, and from now on each connection in use as its answer comes: for a
   * load whose last request is out, so the server holds no connection nobody will use.
   */
  void keepNone() {
    keepNone = true;
    idle.values().forEach(channels -> channels.forEach(Channel::close));
    idle.values().forEach(ArrayDeque::clear);
  }

  /** How many idle connections to {@code target}'s host and port are kept; on the loop only. */
  int idleCount(URI target) {
    return idleFor(target).size();
  }

  /** Stops the event loop at once: answers not yet in are never heard of. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private ArrayDeque<Channel> idleFor(URI target) {
    return idle.computeIfAbsent(
        target.getHost() + ":" + target.getPort(), key -> new ArrayDeque<>());
  }

  private void write(
      Channel channel, HttpMethod method, URI target, String json, String prefer, Answer answer) {
    channel.attr(IDLE_WITH).set(idleFor(target));
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String path =
        target.getRawQuery() == null
            ? target.getRawPath()
            : target.getRawPath() + "?" + target.getRawQuery();
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, method, path, Unpooled.wrappedBuffer(body));
    request
        .headers()
        .set(HttpHeaderNames.HOST, target.getHost() + ":" + target.getPort())
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (json != null) {
      request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    }
    if (prefer != null) {
      request.headers().set("Prefer", prefer);
    }
    channel.attr(WAITING).set(answer);
    channel.writeAndFlush(request);
  }

  /** The answers on one connection, each to the one request in flight on it. */
  private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
      Answer answer = context.channel().attr(WAITING).getAndSet(null);
      if (answer == null) {
        return; // an answer to no request: the server's own (e.g. a timeout)
      }
      // kept idle before the answer is handed on, so a request it sends can take this connection
      Channel channel = context.channel();
      if (HttpUtil.isKeepAlive(response) && !keepNone) {
        ArrayDeque<Channel> idleWith = channel.attr(IDLE_WITH).get();
        idleWith.push(channel);
        if (idleWith.size() > MAX_IDLE_PER_TARGET) {
          idleWith.pollLast().close();
        }
      } else {
        context.close();
      }
      answer.answered(response.status().code(), response.content());
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      ArrayDeque<Channel> idleWith = context.channel().attr(IDLE_WITH).get();
      if (idleWith != null) {
        idleWith.remove(context.channel());
      }
      Answer answer = context.channel().attr(WAITING).getAndSet(null);
      if (answer != null) {
        answer.failed();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close(); // the request in flight, if any, fails when the channel is inactive
    }
  }
}
