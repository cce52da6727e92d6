package dev.nis.bench;

import dev.nis.common.testing.ServiceProcess;

/**
 * Samples a service's RSS (and, {@link #withHeap}, its heap) every 250 ms while a load runs; keeps
 * the maxima.
 */
final class MemorySampler implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long maxHeap;
  private volatile long maxRss;

  private MemorySampler(ServiceProcess service, boolean heap) {
    thread =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (running) {
                    try {
                      if (heap) {
                        maxHeap = Math.max(maxHeap, ServiceMemory.heapUsedBytes(service));
                      }
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

  /** The RSS only, read from /proc: costs the service nothing. */
  static MemorySampler rssOnly(ServiceProcess service) {
    return new MemorySampler(service, false);
  }

  /** The RSS and the heap in use; each heap sample scrapes the service's /metrics. */
  static MemorySampler withHeap(ServiceProcess service) {
    return new MemorySampler(service, true);
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
