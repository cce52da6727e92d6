package dev.nis.students.adapter.in.http;

import java.util.List;

/** A student as JSON: {@code {id, name, first_name, last_name, course_ids}}. */
record StudentView(
    String id, String name, String firstName, String lastName, List<String> courseIds) {}
