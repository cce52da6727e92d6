package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopHttpClientTest {
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void keepsAtMostKongsPoolOfIdleConnections_afterABurstOpenedMore() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/slow",
        exchange -> {
          try (exchange) {
            Thread.sleep(
                300); // every request of the burst is in flight at once: one connection each
            exchange.sendResponseHeaders(204, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
    int burst = LoopHttpClient.MAX_IDLE_PER_TARGET + 40;
    CountDownLatch answered = new CountDownLatch(burst);
    AtomicInteger noContent = new AtomicInteger();

    try (LoopHttpClient client = new LoopHttpClient("loop-http-client-test")) {
      client
          .loop()
          .execute(
              () -> {
                for (int i = 0; i < burst; i++) {
                  client.send(
                      HttpMethod.GET,
                      target,
                      null,
                      null,
                      new LoopHttpClient.Answer() {
                        @Override
                        public void answered(int status, ByteBuf body) {
                          if (status == 204) {
                            noContent.incrementAndGet();
                          }
                          answered.countDown();
                        }

                        @Override
                        public void failed() {
                          answered.countDown();
                        }
                      });
                }
              });

      assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(noContent.get()).isEqualTo(burst);
      int idle = client.loop().submit(() -> client.idleCount(target)).get(5, TimeUnit.SECONDS);
      assertThat(idle).isEqualTo(LoopHttpClient.MAX_IDLE_PER_TARGET);
    }
  }
}
