package dev.nis.bench;

import dev.nis.common.testing.ServiceProcess;

/** Samples a service's heap and RSS every 250 ms while a load runs; keeps the maxima. */
final class MemorySampler implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long maxHeap;
  private volatile long maxRss;

  MemorySampler(ServiceProcess service) {
    thread =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (running) {
                    try {
                      maxHeap = Math.max(maxHeap, ServiceMemory.heapUsedBytes(service));
                      maxRss = Math.max(maxRss, ServiceMemory.rssBytes(service));
                      Thread.sleep(250);
                    } catch (InterruptedException e) {
                      return;
                    } catch (Exception e) {
                      // a missed sample; the next one counts
                    }
                  }
                });
  }

  long maxHeap() {
    return maxHeap;
  }

  long maxRss() {
    return maxRss;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
