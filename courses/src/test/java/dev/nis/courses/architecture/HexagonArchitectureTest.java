package dev.nis.courses.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the domain and the application free of adapters and driver types. */
class HexagonArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.nis.courses");

  private static final String[] DRIVERS = {
    "com.mongodb..",
    "org.bson..",
    "io.lettuce..",
    "io.nats..",
    "io.grpc..",
    "com.google.protobuf..",
    "dev.nis.proto..",
    "com.fasterxml..",
    "com.sun.net.httpserver..",
    "io.micrometer..",
    "de.bwaldvogel.."
  };

  @Test
  void domainDependsOnNoAdapterApplicationOrDriver() {
    noClasses()
        .that()
        .resideInAPackage("dev.nis.courses.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat("dev.nis.courses.adapter..", "dev.nis.courses.application.."))
        .check(CLASSES);
  }

  @Test
  void applicationDependsOnNoAdapterOrDriver() {
    noClasses()
        .that()
        .resideInAPackage("dev.nis.courses.application..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat("dev.nis.courses.adapter.."))
        .check(CLASSES);
  }

  @Test
  void inboundAdaptersDoNotReachIntoOutboundOnes() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.nis.courses.adapter.in.http..", "dev.nis.courses.adapter.in.grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.nis.courses.adapter.out..")
        .check(CLASSES);
  }

  private static String[] concat(String... own) {
    String[] all = new String[own.length + DRIVERS.length];
    System.arraycopy(own, 0, all, 0, own.length);
    System.arraycopy(DRIVERS, 0, all, own.length, DRIVERS.length);
    return all;
  }
}
