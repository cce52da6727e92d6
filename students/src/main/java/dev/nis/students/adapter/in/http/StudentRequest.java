package dev.nis.students.adapter.in.http;

import java.util.List;

/** The JSON body of POST and PUT /api/students: every field but course_ids is required. */
record StudentRequest(String name, String firstName, String lastName, List<String> courseIds) {}
