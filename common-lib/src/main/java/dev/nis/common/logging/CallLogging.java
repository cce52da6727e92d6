package dev.nis.common.logging;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.ValidationException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs calls of a service port as structured events: method, transport, duration and outcome. Reads
 * are logged at debug, mutations at info; failures at warn (dependency) or error (bug).
 */
public final class CallLogging {
  private final Logger log;
  private final String transport;

  public CallLogging(String service, String transport) {
    this.log = LoggerFactory.getLogger("nis." + service);
    this.transport = transport;
  }

  public <T> T read(String method, Supplier<T> call) {
    return logged(method, false, call);
  }

  public <T> T write(String method, Supplier<T> call) {
    return logged(method, true, call);
  }

  private <T> T logged(String method, boolean mutation, Supplier<T> call) {
    long start = System.nanoTime();
    try (MDC.MDCCloseable t = MDC.putCloseable("transport", transport);
        MDC.MDCCloseable m = MDC.putCloseable("method", method)) {
      try {
        T result = call.get();
        if (mutation || log.isDebugEnabled()) {
          String outcome = describe(result);
          long micros = (System.nanoTime() - start) / 1000;
          if (mutation) {
            log.info("{} {} in {} us", method, outcome, micros);
          } else {
            log.debug("{} {} in {} us", method, outcome, micros);
          }
        }
        return result;
      } catch (ValidationException e) {
        log.debug("{} refused: {}", method, e.getMessage());
        throw e;
      } catch (DependencyUnavailableException e) {
        log.warn("{} failed: {}", method, e.getMessage());
        throw e;
      } catch (RuntimeException e) {
        log.error("{} failed", method, e);
        throw e;
      }
    }
  }

  private static String describe(Object result) {
    if (result == null) {
      return "done";
    }
    String name = result.getClass().getSimpleName();
    return name.isEmpty() ? "done" : "-> " + name;
  }
}
