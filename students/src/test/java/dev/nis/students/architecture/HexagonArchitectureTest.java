package dev.nis.students.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.nis.common.contract.HexagonRules;
import org.junit.jupiter.api.Test;

/**
 * Keeps the domain and the application free of adapters and driver types, PostgreSQL's included,
 * and SQL inside the postgres adapter.
 */
class HexagonArchitectureTest extends HexagonRules {
  private static final String[] SQL = {
    "java.sql..", "org.jooq..", "org.flywaydb..", "com.zaxxer..", "org.postgresql.."
  };

  HexagonArchitectureTest() {
    super(
        "dev.nis.students",
        "java.sql..",
        "javax.sql..",
        "org.postgresql..",
        "org.jooq..",
        "org.flywaydb..",
        "com.zaxxer..");
  }

  @Test
  void onlyThePostgresAdapterTalksSql() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.nis.students.adapter.out.postgres..", "dev.nis.students")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SQL)
        .check(classes());
  }
}
