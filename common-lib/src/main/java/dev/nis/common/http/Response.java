package dev.nis.common.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a status, headers, and a body the server writes. */
public record Response(int status, Map<String, String> headers, Body body) {
  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  /** The body of a response. */
  public sealed interface Body {
    /** A value serialized as JSON with the server's codec. */
    record Json(Object value, String contentType) implements Body {}

    /** Problem details; the server fills in {@code instance} with the request path. */
    record ProblemDetails(Problem problem) implements Body {}

    record Text(String value, String contentType) implements Body {}

    /**
     * Bytes sent as they are, e.g. a representation the read cache stored; not copied, so not to be
     * changed once given.
     */
    record Bytes(byte[] value, String contentType) implements Body {}

    record Empty() implements Body {}

    /** Written by the route over time (an event stream); see {@link ResponseStream}. */
    record Streamed(ResponseStream stream) implements Body {}
  }

  public Response {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** {@code {"data": data}} as JSON. */
  public static Response data(int status, Object data) {
    return json(status, Collections.singletonMap("data", data));
  }

  /** The value as the whole JSON body, for envelopes with members beside {@code data}. */
  public static Response json(int status, Object body) {
    return new Response(status, Map.of(), new Body.Json(body, JSON));
  }

  public static Response problem(Problem problem) {
    return new Response(problem.status(), Map.of(), new Body.ProblemDetails(problem));
  }

  public static Response text(int status, String contentType, String text) {
    return new Response(status, Map.of(), new Body.Text(text, contentType));
  }

  /** {@code bytes} as the body, as they are: e.g. a JSON body rendered before, or stored. */
  public static Response bytes(int status, String contentType, byte[] bytes) {
    return new Response(status, Map.of(), new Body.Bytes(bytes, contentType));
  }

  /** A body {@code stream} writes itself, with the given headers (Content-Type among them). */
  public static Response streamed(int status, Map<String, String> headers, ResponseStream stream) {
    return new Response(status, headers, new Body.Streamed(stream));
  }

  public static Response empty(int status) {
    return new Response(status, Map.of(), new Body.Empty());
  }

  public Response withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, more, body);
  }
}
