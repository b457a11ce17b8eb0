-- Issue 21, ordered channels: on a try that was not sent because its channel delivers in order and an earlier
-- notification is not through yet, the notification it waits behind (not_sent_cause 'ordered'). Such a try waits, it
-- did not fail, like a 'paced' one (V8), and so does one of a channel stopped by a dead letter ('ordered_stopped'): the
-- timeline shows a WAITING entry, and neither sets the status nor last_outcome.
ALTER TABLE audit.event ADD COLUMN waiting_behind text;
