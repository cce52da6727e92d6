package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class JsonRequestBodyTest {
  @Test
  void jsonContentTypes_withOrWithoutUtf8Charset_areAccepted() {
    assertThat(JsonRequestBody.isJson("application/json")).isTrue();
    assertThat(JsonRequestBody.isJson("Application/JSON; charset=UTF-8")).isTrue();
    assertThat(JsonRequestBody.isJson("application/json;charset=\"utf-8\"")).isTrue();
    assertThat(JsonRequestBody.isJson("application/json;")).isTrue();
    assertThat(JsonRequestBody.isJson("application/json; ;charset=utf-8")).isTrue();
  }

  @Test
  void otherContentTypes_areNot() {
    assertThat(JsonRequestBody.isJson(null)).isFalse();
    assertThat(JsonRequestBody.isJson("text/plain")).isFalse();
    assertThat(JsonRequestBody.isJson("application/x-www-form-urlencoded")).isFalse();
    assertThat(JsonRequestBody.isJson("application/json; charset=iso-8859-1")).isFalse();
    assertThat(JsonRequestBody.isJson("application/jsonp")).isFalse();
    assertThat(JsonRequestBody.isJson(";;;")).isFalse();
    assertThat(JsonRequestBody.isJson(";")).isFalse();
    assertThat(JsonRequestBody.isJson("")).isFalse();
  }

  @Test
  void aBodyUpToTheLimit_isRead() throws Exception {
    byte[] body = JsonRequestBody.read("application/json", "4", stream(4), 4);

    assertThat(body).hasSize(4);
  }

  @Test
  void aBodyOverTheLimit_isA413() {
    assertThat(statusOf(() -> JsonRequestBody.read("application/json", null, stream(5), 4)))
        .isEqualTo(413);
  }

  @Test
  void aDeclaredLengthOverTheLimit_isA413WithoutReadingTheBody() {
    InputStream untouchable =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("the body must not be read");
          }
        };

    assertThat(statusOf(() -> JsonRequestBody.read("application/json", "5", untouchable, 4)))
        .isEqualTo(413);
  }

  @Test
  void aDeclaredLength_isReadIntoABufferOfThatLength_notOneOfTheLimit() throws Exception {
    int[] largestBuffer = {0};
    InputStream body =
        new ByteArrayInputStream(new byte[150]) {
          @Override
          public synchronized int read(byte[] buffer, int offset, int length) {
            largestBuffer[0] = Math.max(largestBuffer[0], buffer.length);
            return super.read(buffer, offset, length);
          }
        };

    byte[] read = JsonRequestBody.read("application/json", "150", body, JsonRequestBody.MAX_BYTES);

    assertThat(read).hasSize(150);
    assertThat(largestBuffer[0]).as("the largest buffer the body was read into").isEqualTo(150);
  }

  @Test
  void aBodyWithoutDeclaredLength_isReadWhole_upToTheLimit() throws Exception {
    byte[] read = JsonRequestBody.read("application/json", null, stream(20_000), 64 * 1024);

    assertThat(read).hasSize(20_000);
  }

  @Test
  void theContentType_isCheckedFirst() {
    assertThat(statusOf(() -> JsonRequestBody.read("text/plain", "5000", stream(1), 4)))
        .isEqualTo(415);
  }

  private static InputStream stream(int size) {
    return new ByteArrayInputStream(new byte[size]);
  }

  private static int statusOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return catchThrowableOfType(ProblemException.class, call).problem().status();
  }
}
