-- Round 2: searches by outcome class and provider error code, replay bookkeeping, retention.

-- A replay is recorded on the original's timeline as a REPLAYED event naming the new notification and who asked.
ALTER TABLE audit.event DROP CONSTRAINT event_kind_check;
ALTER TABLE audit.event ADD CONSTRAINT event_kind_check
    CHECK (kind IN ('ACCEPTED', 'REJECTED', 'ATTEMPT', 'DEAD_LETTER', 'REPLAYED'));
ALTER TABLE audit.event ADD COLUMN replay_id text;         -- REPLAYED: id of the new notification
ALTER TABLE audit.event ADD COLUMN requested_by text;      -- REPLAYED: principal name of the operator token

-- How often this notification was replayed and the latest replay; a second replay needs force.
ALTER TABLE audit.notification ADD COLUMN replays integer NOT NULL DEFAULT 0;
ALTER TABLE audit.notification ADD COLUMN last_replay_id text;

-- Searches by outcome class (the last attempt's outcome) and by the provider's error code, newest first.
CREATE INDEX notification_class_idx ON audit.notification (last_outcome, first_event_at DESC, id)
    WHERE last_outcome IS NOT NULL;
CREATE INDEX notification_provider_code_idx ON audit.notification (last_provider_code, first_event_at DESC, id)
    WHERE last_provider_code IS NOT NULL;
-- Provider codes mean something per provider, so a code search usually names the provider too; without this index a
-- provider + code combination with no match scans every row with that code (measured: 0.8 s at 2.5M notifications).
CREATE INDEX notification_provider_provider_code_idx
    ON audit.notification (provider, last_provider_code, first_event_at DESC, id)
    WHERE last_provider_code IS NOT NULL;
-- Dead letters (or any status) of one channel, the page's and replay-by-filter's most common question.
CREATE INDEX notification_status_channel_idx ON audit.notification (status, channel, first_event_at DESC, id);
-- Retention deletes notifications whose last event is older than the configured age.
CREATE INDEX notification_last_event_idx ON audit.notification (last_event_at);
