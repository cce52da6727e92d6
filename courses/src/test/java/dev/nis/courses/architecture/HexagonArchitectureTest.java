package dev.nis.courses.architecture;

import dev.nis.common.contract.HexagonRules;

/** Keeps the domain and the application free of adapters and driver types, MongoDB's included. */
class HexagonArchitectureTest extends HexagonRules {
  HexagonArchitectureTest() {
    super("dev.nis.courses", "com.mongodb..", "org.bson..", "de.bwaldvogel..");
  }
}
