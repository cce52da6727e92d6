package dev.nis.courses.e2e;

import dev.nis.common.testing.ApiClient;

/** Request bodies of the courses API for end-to-end tests. */
final class CourseJson {
  private CourseJson() {}

  /** A valid course body with this name and these students. */
  static String course(String name, String... studentIds) {
    return """
        {"name":"%s","description":"A course for tests","discipline":"Testing","teacher":"Tester","student_ids":%s}"""
        .formatted(name, ApiClient.jsonStrings(studentIds));
  }
}
