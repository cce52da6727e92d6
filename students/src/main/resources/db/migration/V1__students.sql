-- The students table. Flyway runs this in the service's schema (POSTGRES_SCHEMA); jOOQ's
-- generated classes are made from this same file at build time (DDLDatabase), so keep it to
-- plain DDL that jOOQ's parser reads. PostgreSQL-only parts sit between the jooq ignore markers.

CREATE TABLE students (
  id          uuid    NOT NULL PRIMARY KEY,
  name        text,
  first_name  text,
  last_name   text,
  course_ids  text[]  NOT NULL DEFAULT '{}',
  applied_seq bigint  NOT NULL,
  deleted     boolean NOT NULL DEFAULT false
);

/* [jooq ignore start] */
-- No two live students share a full name; tombstones (deleted rows) hold no name.
CREATE UNIQUE INDEX students_full_name_live
  ON students (name, first_name, last_name)
  WHERE NOT deleted;

-- Serves "students of a course": course_ids @> ARRAY[course_id].
CREATE INDEX students_course_ids ON students USING gin (course_ids);
/* [jooq ignore stop] */
