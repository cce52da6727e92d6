package dev.nis.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestIdServerInterceptorTest {
  private final RequestIdServerInterceptor interceptor = new RequestIdServerInterceptor();
  private final RecordingCall call = new RecordingCall();
  private final RecordingHandler handler = new RecordingHandler();
  private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    otherThread.shutdownNow();
    MDC.clear();
  }

  @Test
  void callersRequestId_isInMdcAndContext_duringCallbacksOnAnotherThread() throws Exception {
    ServerCall.Listener<String> listener =
        interceptor.interceptCall(call, headers("abc-1"), handler);

    String mdcAfterwards =
        otherThread
            .submit(
                () -> {
                  listener.onHalfClose();
                  return MDC.get(RequestIds.MDC_KEY);
                })
            .get();

    assertThat(handler.seen).containsExactly("start abc-1 abc-1", "halfClose abc-1 abc-1");
    assertThat(mdcAfterwards).isNull();
  }

  @Test
  void missingRequestId_isGenerated() {
    ServerCall.Listener<String> listener = interceptor.interceptCall(call, new Metadata(), handler);
    listener.onHalfClose();

    String generated = handler.seen.get(1).split(" ")[1];
    assertThat(generated).matches("[0-9a-f-]{36}");
  }

  @Test
  void unprintableOrOverlongRequestId_isReplaced() {
    interceptor.interceptCall(call, headers("a b"), handler);
    interceptor.interceptCall(call, headers("x".repeat(RequestIds.MAX_LENGTH + 1)), handler);

    assertThat(handler.seen).allSatisfy(line -> assertThat(line).matches("start [0-9a-f-]{36} .*"));
  }

  @Test
  void threadsOwnRequestId_isRestoredAfterEachCallback() {
    MDC.put(RequestIds.MDC_KEY, "outer");
    ServerCall.Listener<String> listener =
        interceptor.interceptCall(call, headers("inner"), handler);
    listener.onMessage("hello");

    assertThat(handler.seen).contains("message inner inner");
    assertThat(MDC.get(RequestIds.MDC_KEY)).isEqualTo("outer");
  }

  @Test
  void requestId_isEchoedInResponseHeaders() {
    interceptor.interceptCall(call, headers("abc-2"), handler);
    handler.callSeenByService.sendHeaders(new Metadata());

    assertThat(call.sentHeaders.get(RequestIds.METADATA_KEY)).isEqualTo("abc-2");
  }

  private static Metadata headers(String requestId) {
    Metadata headers = new Metadata();
    headers.put(RequestIds.METADATA_KEY, requestId);
    return headers;
  }

  /** Records, per callback, the request id in the MDC and in the gRPC context. */
  private static final class RecordingHandler implements ServerCallHandler<String, String> {
    final List<String> seen = new ArrayList<>();
    ServerCall<String, String> callSeenByService;

    @Override
    public ServerCall.Listener<String> startCall(
        ServerCall<String, String> call, Metadata headers) {
      callSeenByService = call;
      record("start");
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
          record("message");
        }

        @Override
        public void onHalfClose() {
          record("halfClose");
        }
      };
    }

    private void record(String callback) {
      seen.add(callback + " " + MDC.get(RequestIds.MDC_KEY) + " " + RequestIds.CONTEXT_KEY.get());
    }
  }

  private static final class RecordingCall extends ServerCall<String, String> {
    Metadata sentHeaders;

    @Override
    public void sendHeaders(Metadata headers) {
      sentHeaders = headers;
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendMessage(String message) {}

    @Override
    public void close(Status status, Metadata trailers) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public MethodDescriptor<String, String> getMethodDescriptor() {
      return null;
    }
  }
}
