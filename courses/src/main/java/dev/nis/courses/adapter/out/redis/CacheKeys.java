package dev.nis.courses.adapter.out.redis;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;

/**
 * The Redis keys of the course cache, all under one prefix. Each cached value has a generation key
 * that an invalidation increments; list pages share one generation, which is part of their key, so
 * that one increment retires every page at once.
 */
record CacheKeys(String prefix) {
  CacheKeys {
    if (prefix == null) {
      throw new IllegalArgumentException("a key prefix is required (it may be empty)");
    }
  }

  String course(CourseId id) {
    return prefix + "course:" + id.value();
  }

  String courseGeneration(CourseId id) {
    return prefix + "gen:course:" + id.value();
  }

  String coursesOfStudent(StudentId id) {
    return prefix + "student-courses:" + id.value();
  }

  String coursesOfStudentGeneration(StudentId id) {
    return prefix + "gen:student-courses:" + id.value();
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
