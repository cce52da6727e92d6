package dev.nis.students.adapter.in.http;

import java.util.List;

/**
 * A course of a student as JSON: {@code {id, name, description, discipline, teacher, student_ids}}.
 */
record CourseView(
    String id,
    String name,
    String description,
    String discipline,
    String teacher,
    List<String> studentIds) {}
