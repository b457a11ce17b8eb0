-- Round 6 (issue 19, the audit write path): every notification is written twice (accepted, then its attempt), and the
-- second write changes its status, so it is never a HOT update: each of the row's indexes gets a new entry both times.
-- Indexes that only a selective question needs now hold only the rows that question can find:
-- * status and status + channel: every status but DELIVERED. A DELIVERED search is most rows, newest first: the time
--   index (or the channel index) finds a page at once. The search names the status as a literal, so the planner
--   always knows which index applies (NotificationSearch).
-- * outcome class: every class but DELIVERED, for the same reason.
-- * last event: gone. Retention asks for old first events too (first_event_at <= last_event_at), which the time index
--   serves (RetentionPurge).
DROP INDEX IF EXISTS audit.notification_last_event_idx;

DROP INDEX IF EXISTS audit.notification_status_idx;
CREATE INDEX notification_status_idx ON audit.notification (status, first_event_at DESC, id)
    WHERE status <> 'DELIVERED';

DROP INDEX IF EXISTS audit.notification_status_channel_idx;
CREATE INDEX notification_status_channel_idx ON audit.notification (status, channel, first_event_at DESC, id)
    WHERE status <> 'DELIVERED';

DROP INDEX IF EXISTS audit.notification_class_idx;
CREATE INDEX notification_class_idx ON audit.notification (last_outcome, first_event_at DESC, id)
    WHERE last_outcome IS NOT NULL AND last_outcome <> 'DELIVERED';
