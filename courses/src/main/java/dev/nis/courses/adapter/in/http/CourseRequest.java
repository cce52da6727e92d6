package dev.nis.courses.adapter.in.http;

import java.util.List;

/** The JSON body of POST and PUT /api/courses: every field but student_ids is required. */
record CourseRequest(
    String name, String description, String discipline, String teacher, List<String> studentIds) {}
