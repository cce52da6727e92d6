package dev.nis.common.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The API's JSON: snake_case names, and strict reading (bytes that are not UTF-8, unknown fields,
 * scalar coercion, nulls for primitives and lists, duplicate keys and trailing content are all
 * refused). A body that cannot be read becomes a 400 problem naming the field when there is one
 * ({@link JsonReadFailures}).
 */
public final class JsonCodec {
  private final ObjectMapper mapper;

  private JsonCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public static JsonCodec standard() {
    JsonMapper mapper =
        JsonMapper.builder(
                // Jackson's default pool keeps its buffers (~6 KiB) per thread: with a virtual
                // thread per HTTP connection, per connection, and made anew for each new one
                JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // an absent list is optional, a null one is not a list: the documents' schemas say
            // "type": "array", without null
            .addModule(NullCollectionsRefused.module())
            .build();
    refuseScalarCoercions(mapper);
    return new JsonCodec(mapper);
  }

  /** A number is not a string, a string is not a number or a boolean, and so on. */
  private static void refuseScalarCoercions(ObjectMapper mapper) {
    refuse(
        mapper,
        LogicalType.Textual,
        CoercionInputShape.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.Boolean);
    refuse(
        mapper,
        LogicalType.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.Boolean,
        CoercionInputShape.String,
        CoercionInputShape.EmptyString);
    refuse(
        mapper,
        LogicalType.Float,
        CoercionInputShape.Boolean,
        CoercionInputShape.String,
        CoercionInputShape.EmptyString);
    refuse(
        mapper,
        LogicalType.Boolean,
        CoercionInputShape.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.String,
        CoercionInputShape.EmptyString);
  }

  private static void refuse(
      ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
    for (CoercionInputShape shape : shapes) {
      mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
    }
  }

  /**
   * Reads a request body into {@code type}.
   *
   * @throws ProblemException a 400 when the body is not UTF-8, or not valid JSON for the type
   */
  public <T> T read(byte[] body, Class<T> type) {
    String text = decodeUtf8(body);
    T value;
    try {
      value = mapper.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new ProblemException(JsonReadFailures.toProblem(e));
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from memory failed", e);
    }
    if (value == null) {
      throw new ProblemException(Problem.badRequest("the request body must be one JSON object"));
    }
    return value;
  }

  /**
   * The body as text, when it is well-formed UTF-8 (RFC 8259 §8.1: JSON between systems is UTF-8;
   * RFC 3629 §3 says which byte sequences are). Jackson's own byte reader would let overlong forms,
   * encoded surrogates and sequences past U+10FFFF through as other characters, and read UTF-16 or
   * UTF-32 by guessing, so the JDK's decoder, which refuses all of them, reads the bytes first. A
   * leading byte order mark is ignored, as RFC 8259 allows.
   */
  private String decodeUtf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      throw new ProblemException(
          JsonReadFailures.notUtf8(mapper, out.flip().toString(), offset, body[offset]));
    }
    decoder.flush(out);
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Writes a response value; a failure is a bug in the response type. */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }
}
