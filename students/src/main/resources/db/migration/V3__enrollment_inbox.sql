-- Enrollment-log entries are now guarded by entry id (the inbox below) and by their order within
-- their (course, student) pair's partition of the log, not by one log sequence per student: one
-- student's entries come from many partitions, in no common order.
ALTER TABLE students DROP COLUMN enrollment_seq;

-- The entries this side has applied, by entry id (the log message's Nats-Msg-Id): an entry appended
-- again after JetStream's duplicate window is recognised here however late it comes (I4).
CREATE TABLE enrollment_inbox (
    entry_id   varchar(512) PRIMARY KEY,
    applied_at timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX enrollment_inbox_applied_at ON enrollment_inbox (applied_at);
