package dev.nis.students.adapter.out.redis;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;

/**
 * The Redis keys of the student cache, all under one prefix. Each cached value has a generation key
 * that an invalidation increments; list pages share one generation, which is part of their key, so
 * that one increment retires every page at once.
 */
record CacheKeys(String prefix) {
  CacheKeys {
    if (prefix == null) {
      throw new IllegalArgumentException("a key prefix is required (it may be empty)");
    }
  }

  String student(StudentId id) {
    return prefix + "student:" + id;
  }

  String studentGeneration(StudentId id) {
    return prefix + "gen:student:" + id;
  }

  String studentsOfCourse(CourseId id) {
    return prefix + "course-students:" + id.value();
  }

  String studentsOfCourseGeneration(CourseId id) {
    return prefix + "gen:course-students:" + id.value();
  }

  String listGeneration() {
    return prefix + "gen:list";
  }

  /** The part of a page's key before its generation. */
  String pagePrefix() {
    return prefix + "list:";
  }

  String pageSuffix(PageRequest request) {
    return ":" + request.key();
  }

  String page(String generation, PageRequest request) {
    return pagePrefix() + generation + pageSuffix(request);
  }
}
