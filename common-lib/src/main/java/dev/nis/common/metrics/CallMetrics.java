package dev.nis.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Times calls of a service port, one timer per method, transport and error flag, exported as a
 * latency histogram ({@code nis_service_calls_seconds}) with a count.
 */
public final class CallMetrics {
  private final MeterRegistry registry;
  private final String service;
  private final String transport;

  public CallMetrics(MeterRegistry registry, String service, String transport) {
    this.registry = registry;
    this.service = service;
    this.transport = transport;
  }

  public <T> T record(String method, Supplier<T> call) {
    long start = System.nanoTime();
    boolean error = true;
    try {
      T result = call.get();
      error = false;
      return result;
    } finally {
      Timer.builder("nis.service.calls")
          .description("Calls of the service port by method and transport")
          .tag("service", service)
          .tag("method", method)
          .tag("transport", transport)
          .tag("error", Boolean.toString(error))
          .publishPercentileHistogram()
          .register(registry)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
