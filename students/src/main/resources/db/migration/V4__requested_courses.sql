-- The courses a student's own commands asked for (its last create or replace, and its single
-- enrollments since): a replace removes these as well as the courses held, since an add of an
-- earlier command of the student's own may still wait in the enrollment log. Never read as the
-- student's courses, which come only through the log.
ALTER TABLE students ADD COLUMN requested_course_ids text[] NOT NULL DEFAULT '{}';
-- The sequence of the command that last set them: an enroll or unenroll redelivered late (older)
-- changes nothing.
ALTER TABLE students ADD COLUMN requested_seq bigint NOT NULL DEFAULT 0;
