-- The enrollment (course_ids) is written only by the enrollment-log applier, in log order; each
-- student remembers the log sequence it last applied, so a redelivered log entry changes nothing.
ALTER TABLE students ADD COLUMN enrollment_seq bigint NOT NULL DEFAULT 0;
