package dev.nis.common.observation;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import dev.nis.common.domain.StoredDataException;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Observes calls of a service port made through one inbound transport: times each call into the
 * latency histogram {@code nis_service_calls_seconds{service, method, transport, error}} and logs
 * it as a JSON event with {@code transport} and {@code method}, inside a span of its own (so that
 * the log line carries its {@code trace_id} and {@code span_id}). Reads log at debug, mutations at
 * info; failures at warn (a dependency is down) or error (a bug); a client's bad input at debug.
 */
public final class CallObservation {
  private final MeterRegistry registry;
  private final String service;
  private final String transport;
  private final Logger log;

  /**
   * Null when the tracing makes no spans: OpenTelemetry's no-op tracer would still build a span, a
   * context and a scope a call (~3 % of a cached read's allocation) to change nothing.
   */
  private final Tracer tracer;

  /**
   * The timers by method and outcome, built once: building and registering one per call (a meter
   * id, its tags sorted, a registry look-up under a lock on a miss) showed in the apply path's
   * profile.
   */
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  /** The timers of the calls that failed, by method (a key of its own would be a string a call). */
  private final Map<String, Timer> errorTimers = new ConcurrentHashMap<>();

  /** The span names by method, built once ({@code <service> <method>}). */
  private final Map<String, String> spanNames = new ConcurrentHashMap<>();

  private static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("nis.transport");

  /** The request id's key in the logging context, as the HTTP and gRPC adapters set it. */
  private static final String REQUEST_ID = "request_id";

  /**
   * @param transport {@code http}, {@code grpc} or {@code queue}, as in the original, where each
   *     transport wraps the core in its own middleware
   */
  public CallObservation(MeterRegistry registry, String service, String transport) {
    this(registry, service, transport, Tracing.off());
  }

  /** As above, each call also a span ({@code <service> <method>}) under the transport's span. */
  public CallObservation(
      MeterRegistry registry, String service, String transport, Tracing tracing) {
    this.registry = registry;
    this.service = service;
    this.transport = transport;
    this.log = LoggerFactory.getLogger("nis." + service);
    this.tracer = tracing.makesSpans() ? tracing.tracer() : null;
  }

  /**
   * Runs {@code call}, timing and logging it.
   *
   * @param method the port's method, the {@code method} tag
   * @param detail what the log line adds to the method (e.g. the command's action); may be empty
   * @param mutation whether it changes state (logged at info) or reads (debug)
   */
  public <T> T observe(String method, String detail, boolean mutation, Supplier<T> call) {
    long start = System.nanoTime();
    boolean error = true;
    Span span = span(method);
    try (Scope scope = current(span);
        MDC.MDCCloseable t = MDC.putCloseable("transport", transport);
        MDC.MDCCloseable m = MDC.putCloseable("method", method)) {
      // the failure is logged inside the call's span and context, not after they are closed:
      // the line then named the transport's span and had no transport or method (found by a
      // fresh helper)
      try {
        T result = call.get();
        error = false;
        logSuccess(method + detail, mutation, result, start);
        return result;
      } catch (RuntimeException e) {
        failed(span, e);
        logFailure(method, e);
        throw e;
      }
    } finally {
      end(span);
      timer(method, error).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** The call's span, or null when no spans are made. */
  private Span span(String method) {
    if (tracer == null) {
      return null;
    }
    return tracer
        .spanBuilder(spanNames.computeIfAbsent(method, m -> service + " " + m))
        .setAttribute(TRANSPORT, transport)
        .startSpan();
  }

  private static Scope current(Span span) {
    return span == null ? Scope.noop() : span.makeCurrent();
  }

  private static void end(Span span) {
    if (span != null) {
      span.end();
    }
  }

  /** A client's bad input is no error of the service's, so its span keeps the unset status. */
  private static void failed(Span span, Throwable e) {
    if (span != null && !(e instanceof ValidationException)) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
    }
  }

  /**
   * Runs {@code call}, a read that answers a stage, timing and logging it when the stage completes
   * (on whichever thread completes it, with the logging context of the call: its request id,
   * transport and method; when a read that logs nothing on success fails, those three alone). A
   * call that throws at once is observed as {@link #observe} does.
   */
  public <T> CompletionStage<T> observeAsync(
      String method, String detail, boolean mutation, Supplier<CompletionStage<T>> call) {
    long start = System.nanoTime();
    Map<String, String> context;
    String requestId;
    CompletionStage<T> answer;
    Span span = span(method);
    try (Scope scope = current(span);
        MDC.MDCCloseable t = MDC.putCloseable("transport", transport);
        MDC.MDCCloseable m = MDC.putCloseable("method", method)) {
      // A read whose success logs nothing needs its context only if it fails: keep the request id
      // (a look-up) instead of a copy of the context a call (a map and its entries, ~2.5 % of a
      // cached read's CPU in a JFR profile), and rebuild the context from it on a failure.
      boolean logsSuccess = mutation || log.isDebugEnabled();
      context = logsSuccess ? MDC.getCopyOfContextMap() : null;
      requestId = logsSuccess ? null : MDC.get(REQUEST_ID);
      try {
        answer = call.get();
      } catch (RuntimeException e) {
        failed(span, e);
        logFailure(method, e);
        end(span);
        timer(method, true).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        throw e;
      }
    }
    return answer.whenComplete(
        (result, failure) -> {
          if (failure != null) {
            failed(span, unwrapped(failure));
          }
          timer(method, failure != null).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          if (failure == null && !mutation && !log.isDebugEnabled()) {
            end(span);
            return;
          }
          Map<String, String> previous = MDC.getCopyOfContextMap();
          MDC.setContextMap(context != null ? context : failureContext(requestId, method));
          // on the thread that completes the stage, the call's span is made current for the line
          // (its trace_id and span_id) and ended after it
          try (Scope scope = current(span)) {
            if (failure == null) {
              logSuccess(method + detail, mutation, result, start);
            } else {
              logFailure(method, unwrapped(failure));
            }
          } finally {
            MDC.setContextMap(previous == null ? Map.of() : previous);
            end(span);
          }
        });
  }

  /** The logging context of a read that failed, as {@link #observeAsync} kept it. */
  private Map<String, String> failureContext(String requestId, String method) {
    return requestId == null
        ? Map.of("transport", transport, "method", method)
        : Map.of(REQUEST_ID, requestId, "transport", transport, "method", method);
  }

  /**
   * A client's bad input at debug, a dependency down or a stored value the rules refuse at warn
   * (README.md, "Text fields": the entity is named, no stack trace), anything else (a bug) at
   * error. The failure is then marked as logged ({@link LoggedFailures}), so that the transport
   * that maps it to its answer does not log it a second time.
   */
  private void logFailure(String method, Throwable e) {
    switch (e) {
      case ValidationException invalid -> log.debug("{} refused: {}", method, invalid.getMessage());
      case NotFoundException missing -> log.debug("{} refused: {}", method, missing.getMessage());
      case DependencyUnavailableException down ->
          log.warn("{} failed: {}", method, down.getMessage());
      case StoredDataException broken -> log.warn("{} failed: {}", method, broken.getMessage());
      default -> log.error("{} failed", method, e);
    }
    LoggedFailures.mark(e);
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException wrapped && wrapped.getCause() != null
        ? wrapped.getCause()
        : failure;
  }

  private void logSuccess(String what, boolean mutation, Object result, long start) {
    if (!mutation && !log.isDebugEnabled()) {
      return;
    }
    long micros = (System.nanoTime() - start) / 1000;
    String outcome = describe(result);
    if (mutation) {
      log.info("{} {} in {} us", what, outcome, micros);
    } else {
      log.debug("{} {} in {} us", what, outcome, micros);
    }
  }

  private Timer timer(String method, boolean error) {
    return (error ? errorTimers : timers).computeIfAbsent(method, m -> newTimer(m, error));
  }

  private Timer newTimer(String method, boolean error) {
    return Timer.builder("nis.service.calls")
        .description("Calls of the service port by method and transport")
        .tag("service", service)
        .tag("method", method)
        .tag("transport", transport)
        .tag("error", Boolean.toString(error))
        .publishPercentileHistogram()
        .register(registry);
  }

  private static String describe(Object result) {
    if (result == null) {
      return "done";
    }
    String name = result.getClass().getSimpleName();
    return name.isEmpty() ? "done" : "-> " + name;
  }
}
