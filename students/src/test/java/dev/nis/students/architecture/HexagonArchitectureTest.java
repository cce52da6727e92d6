package dev.nis.students.architecture;

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
          .importPackages("dev.nis.students");

  private static final String[] DRIVERS = {
    "java.sql..",
    "javax.sql..",
    "org.postgresql..",
    "org.jooq..",
    "org.flywaydb..",
    "com.zaxxer..",
    "io.lettuce..",
    "io.nats..",
    "io.grpc..",
    "com.google.protobuf..",
    "dev.nis.proto..",
    "com.fasterxml..",
    "com.sun.net.httpserver..",
    "io.micrometer.."
  };

  @Test
  void domainDependsOnNoAdapterApplicationOrDriver() {
    noClasses()
        .that()
        .resideInAPackage("dev.nis.students.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat("dev.nis.students.adapter..", "dev.nis.students.application.."))
        .check(CLASSES);
  }

  @Test
  void applicationDependsOnNoAdapterOrDriver() {
    noClasses()
        .that()
        .resideInAPackage("dev.nis.students.application..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat("dev.nis.students.adapter.."))
        .check(CLASSES);
  }

  @Test
  void inboundAdaptersDoNotReachIntoOutboundOnes() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.nis.students.adapter.in.http..", "dev.nis.students.adapter.in.grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.nis.students.adapter.out..")
        .check(CLASSES);
  }

  @Test
  void onlyThePostgresAdapterTalksSql() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.nis.students.adapter.out.postgres..", "dev.nis.students")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "org.jooq..", "org.flywaydb..", "com.zaxxer..", "org.postgresql..")
        .check(CLASSES);
  }

  private static String[] concat(String... own) {
    String[] all = new String[own.length + DRIVERS.length];
    System.arraycopy(own, 0, all, 0, own.length);
    System.arraycopy(DRIVERS, 0, all, own.length, DRIVERS.length);
    return all;
  }
}
