-- Round 4 (issue 19, the audit write path): every event insert maintained these four indexes, and no query reads them:
-- searches run on audit.notification (its own status/class/provider-code columns), the timeline and the dead-letter
-- reason look events up by notification id (event_natural_key), retention deletes by notification id. Dropping them
-- saves an index entry per event (two for an attempt with a provider code) on the busiest table.
DROP INDEX IF EXISTS audit.event_time_idx;
DROP INDEX IF EXISTS audit.event_outcome_idx;
DROP INDEX IF EXISTS audit.event_provider_code_idx;
DROP INDEX IF EXISTS audit.event_violations_idx;
