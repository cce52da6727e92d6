package dev.nis.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestIdClientInterceptorTest {
  private final RecordingChannel channel = new RecordingChannel();
  private final RequestIdClientInterceptor interceptor = new RequestIdClientInterceptor();

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void mdcRequestId_isSentAsHeader() {
    MDC.put(RequestIds.MDC_KEY, "req-7");

    startCall();

    assertThat(channel.call.headers.get(RequestIds.METADATA_KEY)).isEqualTo("req-7");
  }

  @Test
  void contextRequestId_isSentWhenMdcHasNone() throws Exception {
    Context.current().withValue(RequestIds.CONTEXT_KEY, "req-8").call(this::startCall);

    assertThat(channel.call.headers.get(RequestIds.METADATA_KEY)).isEqualTo("req-8");
  }

  @Test
  void noRequestId_sendsNoHeader() {
    startCall();

    assertThat(channel.call.headers.containsKey(RequestIds.METADATA_KEY)).isFalse();
  }

  private Void startCall() {
    interceptor
        .interceptCall(null, CallOptions.DEFAULT, channel)
        .start(new ClientCall.Listener<>() {}, new Metadata());
    return null;
  }

  private static final class RecordingChannel extends Channel {
    RecordingCall call;

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions callOptions) {
      RecordingCall recording = new RecordingCall();
      call = recording;
      @SuppressWarnings("unchecked")
      ClientCall<ReqT, RespT> typed = (ClientCall<ReqT, RespT>) recording;
      return typed;
    }

    @Override
    public String authority() {
      return "test";
    }
  }

  private static final class RecordingCall extends ClientCall<Object, Object> {
    Metadata headers;

    @Override
    public void start(Listener<Object> listener, Metadata headers) {
      this.headers = headers;
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void cancel(String message, Throwable cause) {}

    @Override
    public void halfClose() {}

    @Override
    public void sendMessage(Object message) {}
  }
}
