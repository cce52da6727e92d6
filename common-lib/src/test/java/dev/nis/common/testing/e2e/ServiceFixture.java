package dev.nis.common.testing.e2e;

import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import java.util.Map;

/**
 * One service as the shared end-to-end scenarios need it: which service it is, how to prepare it
 * over the test's own store, and a valid body for it. Each service's tests extend it once.
 */
public abstract class ServiceFixture {
  private final Service service;

  protected ServiceFixture(Service service) {
    this.service = service;
  }

  public final Service service() {
    return service;
  }

  /** Provisions a namespace and the settings (with {@code overrides}), not started yet. */
  public abstract RunningService prepare(Map<String, String> overrides) throws Exception;

  /** Prepared with the default settings and started in this JVM. */
  public RunningService start() throws Exception {
    return prepare(Map.of()).startInProcess();
  }

  /** A valid body that creates, or replaces, an entity with this name. */
  public abstract String body(String name);
}
