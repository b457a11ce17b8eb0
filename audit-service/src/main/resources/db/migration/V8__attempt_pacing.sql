-- Issue 21, pacing that matches the provider: why a try was not sent (a stable label: paced, circuit_open, host_busy,
-- channel_disabled, channel_deleted, clock_untrusted, signer_refused, resign_failed, endpoint_gone, unsealable,
-- poll_deadline), and how long a sent try waited in its lane for its channel's rate window. A 'paced' try waits for
-- its slot, it did not fail: the timeline shows it as a wait, and it sets neither the status nor last_outcome.
-- (V7 is another change of the same issue; Flyway applies a gap on a fresh database.)
ALTER TABLE audit.event ADD COLUMN not_sent_cause text;
ALTER TABLE audit.event ADD COLUMN paced_ms bigint;
