package dev.nis.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real event loop (netty's in-VM transport): commands written in one turn of the loop, as
 * lettuce's write tasks of concurrent callers run, go out in one flush. ({@code EmbeddedChannel}
 * cannot show it: it runs the queued tasks after every write.)
 */
class FlushConsolidationTest {
  /** Counts the flushes that get past the consolidation, towards the peer. */
  private static final class PeerFlushes extends ChannelOutboundHandlerAdapter {
    final AtomicInteger count = new AtomicInteger();

    @Override
    public void flush(ChannelHandlerContext ctx) {
      count.incrementAndGet();
      ctx.flush();
    }
  }

  private final EventLoopGroup loop = new DefaultEventLoopGroup(1);
  private final PeerFlushes peerFlushes = new PeerFlushes();
  private final AtomicInteger received = new AtomicInteger();
  private Channel channel;

  @BeforeEach
  void connect() throws InterruptedException {
    LocalAddress address = new LocalAddress(FlushConsolidationTest.class);
    new ServerBootstrap()
        .group(loop)
        .channel(LocalServerChannel.class)
        .childHandler(
            new ChannelInitializer<LocalChannel>() {
              @Override
              protected void initChannel(LocalChannel peer) {
                peer.pipeline()
                    .addLast(
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            received.incrementAndGet();
                          }
                        });
              }
            })
        .bind(address)
        .sync();
    channel =
        new Bootstrap()
            .group(loop)
            .channel(LocalChannel.class)
            .handler(
                new ChannelInitializer<LocalChannel>() {
                  @Override
                  protected void initChannel(LocalChannel client) {
                    new FlushConsolidation().afterChannelInitialized(client);
                    // first: nearer the peer than the consolidation, so it sees what gets past
                    client.pipeline().addFirst(peerFlushes);
                  }
                })
            .connect(address)
            .sync()
            .channel();
  }

  @AfterEach
  void close() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Writes {@code n} commands in one turn of the loop, then lets the loop run what that queued. */
  private void sendInOneTurn(int n) throws InterruptedException {
    channel
        .eventLoop()
        .submit(
            () -> {
              for (int i = 0; i < n; i++) {
                channel.pipeline().writeAndFlush("GET " + i);
              }
            })
        .sync();
    channel.eventLoop().submit(() -> {}).sync();
  }

  @Test
  void commandsWrittenInOneTurnOfTheLoop_goOutInOneFlush() throws InterruptedException {
    sendInOneTurn(3);

    assertThat(peerFlushes.count).hasValue(1);
  }

  @Test
  void aLoneCommand_goesOutWithoutWaitingForAnother() throws InterruptedException {
    sendInOneTurn(1);

    assertThat(peerFlushes.count).hasValue(1);
    channel.eventLoop().submit(() -> {}).sync();
    assertThat(received).hasValue(1);
  }

  @Test
  void aLongRunOfCommands_isFlushedEveryFlushAfterCommands() throws InterruptedException {
    sendInOneTurn(FlushConsolidation.FLUSH_AFTER * 2);

    assertThat(peerFlushes.count).hasValue(2);
  }
}
