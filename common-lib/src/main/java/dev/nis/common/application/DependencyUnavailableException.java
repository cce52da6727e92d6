package dev.nis.common.application;

/**
 * A dependency (database, queue, peer service) could not be reached or answered too late. The edges
 * answer 503 with Retry-After (HTTP) or UNAVAILABLE (gRPC); the queue consumer retries.
 */
public class DependencyUnavailableException extends RuntimeException {
  private final String dependency;

  public DependencyUnavailableException(String dependency, Throwable cause) {
    super(dependency + " is unavailable: " + (cause == null ? "" : cause.getMessage()), cause);
    this.dependency = dependency;
  }

  public DependencyUnavailableException(String dependency, String message) {
    super(dependency + " is unavailable: " + message);
    this.dependency = dependency;
  }

  public String dependency() {
    return dependency;
  }
}
