package dev.nis.common.http;

import io.helidon.webserver.http.ServerResponse;

/**
 * A body the route writes over time, e.g. an event stream: the one place a route touches Helidon's
 * response, since a body rendered to bytes before sending cannot stream.
 *
 * <p>The server sets the status and headers of the {@link Response}, then calls {@link #writeTo} on
 * the request's virtual thread (except for HEAD, which gets the headers only), and {@link #close}
 * once in every case. When the server stops it calls {@link #stop}, and {@link #writeTo} must then
 * end soon, so that a graceful stop never waits on an open stream.
 */
public interface ResponseStream extends AutoCloseable {
  /** Writes the body until the stream ends; returning ends the response. */
  void writeTo(ServerResponse response) throws Exception;

  /** The server is stopping: end the body cleanly and return from {@link #writeTo} soon. */
  void stop();

  /** Releases what the stream holds; called once whether or not {@link #writeTo} ran. */
  @Override
  void close();
}
