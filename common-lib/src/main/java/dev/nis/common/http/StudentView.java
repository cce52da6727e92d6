package dev.nis.common.http;

import java.util.List;

/**
 * A student as JSON (the pinned contract; both services serve it): {@code {id, name, first_name,
 * last_name, course_ids}}.
 */
public record StudentView(
    String id, String name, String firstName, String lastName, List<String> courseIds) {}
