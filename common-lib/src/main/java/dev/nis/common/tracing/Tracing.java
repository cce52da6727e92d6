package dev.nis.common.tracing;

import dev.nis.common.config.ConfigException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The service's OpenTelemetry: its tracer, the W3C {@code traceparent} propagation into and out of
 * message headers, and the gRPC interceptors (opentelemetry-grpc-1.6). Built from the standard
 * {@code OTEL_*} variables by the SDK's autoconfiguration ({@link #fromEnvironment}), with nothing
 * exported unless {@code OTEL_TRACES_EXPORTER} names an exporter (README.md, "Traces").
 *
 * <p>Without an exporter the SDK has no span processor and hands out OpenTelemetry's no-op tracer:
 * no span is made or recorded, so tracing off costs next to nothing. A context that arrives (a
 * {@code traceparent} from Kong or a client) still travels on through NATS headers and gRPC
 * metadata, and its ids still reach the log lines ({@code trace_id}, {@code span_id}).
 */
public final class Tracing implements AutoCloseable {
  /** The instrumentation scope of our own spans. */
  public static final String SCOPE = "dev.nis";

  /**
   * Nothing exported unless asked (autoconfiguration's own default would be OTLP), and OTLP over
   * HTTP when asked: the exporter sends with the JDK's HTTP client (opentelemetry-exporter-sender-
   * jdk), which speaks {@code http/protobuf} only, rather than pull in OkHttp and Kotlin's runtime
   * for OTLP over gRPC. Jaeger and Tempo take both (ports 4318 and 4317).
   */
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "otel.traces.exporter", "none",
          "otel.metrics.exporter", "none",
          "otel.logs.exporter", "none",
          "otel.exporter.otlp.protocol", "http/protobuf");

  private static final Tracing OFF = new Tracing(OpenTelemetry.noop(), null);

  /**
   * What the autoconfiguration builds when nothing is set, without building it: no span made, and
   * its default propagators (W3C {@code traceparent} and {@code baggage}), so that a context that
   * arrives still travels on and reaches the logs.
   */
  private static final OpenTelemetry PROPAGATING_ONLY =
      OpenTelemetry.propagating(
          ContextPropagators.create(
              TextMapPropagator.composite(
                  W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())));

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk owned;
  private final Tracer tracer;

  /** The gRPC instrumentation; null when no span is made. */
  private final GrpcTelemetry grpc;

  private final boolean makesSpans;

  private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk owned) {
    this.openTelemetry = openTelemetry;
    this.owned = owned;
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.makesSpans = makesSpans(openTelemetry);
    // built only when used: its instrumenters and their classes are start-up work otherwise
    this.grpc = makesSpans ? GrpcTelemetry.create(openTelemetry) : null;
  }

  /**
   * Whether {@code openTelemetry} makes spans at all: false for the API's no-op, and for an SDK
   * without an exporter ({@code OTEL_TRACES_EXPORTER=none}, the default), which hands out the no-op
   * tracer. The library instrumentations (MongoDB, JDBC, gRPC) are installed only when it is true:
   * with a no-op tracer they still build every span's attributes, MongoDB's by writing each command
   * out as sanitized JSON, JDBC's by sanitizing each statement's SQL: in JFR profiles of the
   * sustained creates (2026-12-01) ~2 % of the courses service's samples and ~6 % of the students
   * service's.
   */
  public static boolean makesSpans(OpenTelemetry openTelemetry) {
    return openTelemetry.getTracer(SCOPE).getClass()
        != OpenTelemetry.noop().getTracer(SCOPE).getClass();
  }

  /** {@link #makesSpans(OpenTelemetry)} of this tracing's OpenTelemetry. */
  public boolean makesSpans() {
    return makesSpans;
  }

  /** No spans at all (OpenTelemetry's no-op API): unit tests, and tools that trace nothing. */
  public static Tracing off() {
    return OFF;
  }

  /** Over an OpenTelemetry that the caller owns (a test's SDK with an in-memory exporter). */
  public static Tracing of(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry, null);
  }

  /**
   * The SDK configured by the {@code OTEL_*} environment variables and system properties (the SDK's
   * autoconfiguration: exporter, endpoint, sampler, resource attributes, propagators), with {@code
   * service.name} defaulting to {@code service} and no exporter by default; database calls outside
   * any trace are not sampled ({@link OrphanClientSpansDropped}). Closed with the service, which
   * flushes what is left to export. With nothing set ({@link #configured}), no SDK is built: the
   * no-op tracer and the W3C propagators, which is what the autoconfiguration would give.
   *
   * @throws ConfigException for a value the autoconfiguration refuses (its message names the
   *     property, e.g. {@code otel.traces.exporter} for {@code OTEL_TRACES_EXPORTER})
   */
  public static Tracing fromEnvironment(String service) {
    if (!configured(System.getenv(), System.getProperties().stringPropertyNames())) {
      // the SDK's autoconfiguration (its service lookups, resource detection and builders) took
      // ~55 ms of the main thread at each start to arrive at the same no-op tracer
      return new Tracing(PROPAGATING_ONLY, null);
    }
    for (String protocol :
        List.of("OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")) {
      // the SDK's own refusal said "No GrpcSenderProvider found", naming no setting (found by a
      // fresh helper): the exporter here sends with the JDK's HTTP client only
      String value = System.getenv(protocol);
      if ("grpc".equals(value)) {
        throw new ConfigException(
            protocol, "must be http/protobuf: this exporter has no gRPC sender", value);
      }
    }
    try {
      OpenTelemetrySdk sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> DEFAULTS)
              .addPropertiesSupplier(() -> Map.of("otel.service.name", service))
              .addSamplerCustomizer((sampler, config) -> new OrphanClientSpansDropped(sampler))
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
      return new Tracing(sdk, sdk);
    } catch (ConfigurationException e) {
      String cause = e.getCause() == null ? "" : " (" + e.getCause() + ")";
      throw new ConfigException("OTEL_*", asVariables(e.getMessage() + cause));
    }
  }

  private static final Pattern PROPERTY = Pattern.compile("\\botel(\\.[a-z0-9_]+)+\\b");

  /**
   * The SDK's message with each setting named as the environment variable a user sets ({@code
   * otel.traces.exporter} as {@code OTEL_TRACES_EXPORTER}, the SDK's own mapping): it names the
   * system property it read (found by a fresh helper).
   */
  static String asVariables(String message) {
    return PROPERTY
        .matcher(message)
        .replaceAll(m -> m.group().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
  }

  /**
   * Whether anything is set for the SDK's autoconfiguration to read: an {@code OTEL_*} environment
   * variable or an {@code otel.*} system property. Without one, {@link #fromEnvironment} hands out
   * what the autoconfiguration would have built with this class's defaults: the no-op tracer and
   * the W3C propagators.
   */
  static boolean configured(Map<String, String> environment, Set<String> systemProperties) {
    return environment.keySet().stream().anyMatch(name -> name.startsWith("OTEL_"))
        || systemProperties.stream().anyMatch(name -> name.startsWith("otel."));
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public Tracer tracer() {
    return tracer;
  }

  /** The context a carrier's {@code traceparent} names, under {@code parent}. */
  public <C> Context extract(Context parent, C carrier, TextMapGetter<C> getter) {
    return openTelemetry.getPropagators().getTextMapPropagator().extract(parent, carrier, getter);
  }

  /** Writes {@code context}'s {@code traceparent} (and {@code tracestate}) into a carrier. */
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    openTelemetry.getPropagators().getTextMapPropagator().inject(context, carrier, setter);
  }

  /**
   * A server span per call, its context from the call's metadata; when no span is made ({@link
   * #makesSpans()}), an interceptor that only passes the call on.
   */
  public ServerInterceptor grpcServerInterceptor() {
    return makesSpans ? grpc.createServerInterceptor() : PASS_SERVER_CALLS;
  }

  /**
   * A client span per call to the peer, its context sent in the call's metadata; when no span is
   * made ({@link #makesSpans()}), an interceptor that only passes the call on.
   */
  public ClientInterceptor grpcClientInterceptor() {
    return makesSpans ? grpc.createClientInterceptor() : PASS_CLIENT_CALLS;
  }

  private static final ServerInterceptor PASS_SERVER_CALLS =
      new ServerInterceptor() {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
          return next.startCall(call, headers);
        }
      };

  private static final ClientInterceptor PASS_CLIENT_CALLS =
      new ClientInterceptor() {
        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(
            MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
          return next.newCall(method, options);
        }
      };

  /** Exports what is left (up to 5 s) and stops the SDK it built; nothing for one it was given. */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
