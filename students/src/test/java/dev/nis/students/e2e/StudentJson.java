package dev.nis.students.e2e;

import dev.nis.common.testing.ApiClient;

/** Request bodies of the students API for end-to-end tests. */
final class StudentJson {
  private StudentJson() {}

  /** A student body with this name (first and last name fixed) and these courses. */
  static String student(String name, String... courseIds) {
    return student(new String[] {name, "Test", "Student"}, courseIds);
  }

  /** A student body with this full name {name, first_name, last_name} and these courses. */
  static String student(String[] fullName, String... courseIds) {
    return """
        {"name":"%s","first_name":"%s","last_name":"%s","course_ids":%s}"""
        .formatted(fullName[0], fullName[1], fullName[2], ApiClient.jsonStrings(courseIds));
  }
}
