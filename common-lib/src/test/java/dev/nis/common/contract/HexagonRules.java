package dev.nis.common.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hexagon rules both services follow, held once: the domain and the application depend on no
 * adapter and no driver (common-lib's adapters included), the inbound adapters do not reach into
 * the outbound ones, adapters do not depend on each other but for the codecs, and only the wiring
 * sees the runtime. A subclass per service names its root package and the drivers of its own store;
 * the drivers both use are listed here.
 */
public abstract class HexagonRules {
  private static final String[] SHARED_DRIVERS = {
    "io.lettuce..",
    "io.nats..",
    "io.grpc..",
    "com.google.protobuf..",
    "dev.nis.proto..",
    "com.fasterxml..",
    "io.helidon..",
    "io.micrometer.."
  };

  /**
   * common-lib's own adapter and infrastructure packages: a service's domain and application may
   * use common-lib's {@code domain} and {@code application} (ports, pipeline), never these.
   */
  private static final String[] SHARED_ADAPTERS = {
    "dev.nis.common.config..",
    "dev.nis.common.grpc..",
    "dev.nis.common.http..",
    "dev.nis.common.jetstream..",
    "dev.nis.common.logging..",
    "dev.nis.common.observation..",
    "dev.nis.common.redis..",
    "dev.nis.common.runtime.."
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

  /**
   * Each adapter ({@code adapter.in.http}, {@code adapter.out.redis}, ...) stands alone: adapters
   * share only the message codecs of {@code adapter.proto}, which is no slice here.
   */
  @Test
  void adaptersDoNotDependOnEachOther() {
    slices().matching(root + ".adapter.(*).(*)..").should().notDependOnEachOther().check(classes());
  }

  /** The codecs are used by adapters, and use nothing of theirs. */
  @Test
  void codecsDependOnNoAdapter() {
    noClasses()
        .that()
        .resideInAPackage(root + ".adapter.proto..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".adapter.in..", root + ".adapter.out..")
        .check(classes());
  }

  /** Only the wiring (the service's root package) sees the runtime that starts everything. */
  @Test
  void onlyTheWiringUsesTheRuntime() {
    noClasses()
        .that()
        .resideInAnyPackage(root + ".domain..", root + ".application..", root + ".adapter..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.nis.common.runtime..", "dev.nis.common.observation..")
        .check(classes());
  }

  private String[] withDrivers(String... own) {
    return Stream.of(own, storeDrivers, SHARED_DRIVERS, SHARED_ADAPTERS)
        .flatMap(Stream::of)
        .toArray(String[]::new);
  }
}
