package dev.nis.common.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hexagon rules both services follow, held once: the domain and the application depend on no
 * adapter and no driver, and the inbound adapters do not reach into the outbound ones. A subclass
 * per service names its root package and the drivers of its own store; the drivers both use are
 * listed here.
 */
public abstract class HexagonRules {
  private static final String[] SHARED_DRIVERS = {
    "io.lettuce..",
    "io.nats..",
    "io.grpc..",
    "com.google.protobuf..",
    "dev.nis.proto..",
    "com.fasterxml..",
    "com.sun.net.httpserver..",
    "io.micrometer.."
  };
  private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

  private final String root;
  private final String[] storeDrivers;

  /**
   * @param root the service's root package, e.g. {@code dev.nis.courses}
   * @param storeDrivers the packages of its store's drivers, e.g. {@code com.mongodb..}
   */
  protected HexagonRules(String root, String... storeDrivers) {
    this.root = root;
    this.storeDrivers = storeDrivers.clone();
  }

  /** The service's main classes (tests left out), imported once per root. */
  protected JavaClasses classes() {
    return IMPORTED.computeIfAbsent(
        root,
        r ->
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(r));
  }

  @Test
  void domainDependsOnNoAdapterApplicationOrDriver() {
    noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(withDrivers(root + ".adapter..", root + ".application.."))
        .check(classes());
  }

  @Test
  void applicationDependsOnNoAdapterOrDriver() {
    noClasses()
        .that()
        .resideInAPackage(root + ".application..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(withDrivers(root + ".adapter.."))
        .check(classes());
  }

  @Test
  void inboundAdaptersDoNotReachIntoOutboundOnes() {
    noClasses()
        .that()
        .resideInAnyPackage(root + ".adapter.in.http..", root + ".adapter.in.grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".adapter.out..")
        .check(classes());
  }

  private String[] withDrivers(String... own) {
    return Stream.of(own, storeDrivers, SHARED_DRIVERS).flatMap(Stream::of).toArray(String[]::new);
  }
}
