package dev.nis.common.http;

import java.util.List;

/**
 * A course as JSON (the pinned contract; both services serve it): {@code {id, name, description,
 * discipline, teacher, student_ids}}.
 */
public record CourseView(
    String id,
    String name,
    String description,
    String discipline,
    String teacher,
    List<String> studentIds) {}
