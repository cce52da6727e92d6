package dev.nis.common.http;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container health check of the services, for images that have neither a shell nor curl:
 *
 * <pre>
 * java -cp '/app/libs/*' dev.nis.common.http.HealthCheck http://127.0.0.1:8081/api/courses/ready
 * </pre>
 *
 * exits 0 when the URL answers 200 within {@link #TIMEOUT}, else 1 with the reason on stderr
 * (Docker reads 0 as healthy and 1 as unhealthy).
 */
public final class HealthCheck {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final int HEALTHY = 0;
  static final int UNHEALTHY = 1;

  private HealthCheck() {}

  public static void main(String[] args) {
    System.exit(check(args, TIMEOUT, System.err));
  }

  /** The exit code for {@code args} (one URL); never calls {@link System#exit}. */
  static int check(String[] args, Duration timeout, PrintStream err) {
    if (args.length != 1) {
      err.println("usage: java dev.nis.common.http.HealthCheck URL");
      return UNHEALTHY;
    }
    URI uri;
    try {
      uri = URI.create(args[0]);
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
      try (HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(timeout)
              .build()) {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return HEALTHY;
        }
        err.println("unhealthy: " + uri + " answered " + status);
      }
    } catch (IllegalArgumentException e) {
      err.println("unhealthy: not an http URL: " + args[0]);
    } catch (IOException e) {
      err.println("unhealthy: " + args[0] + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("unhealthy: interrupted");
    }
    return UNHEALTHY;
  }
}
