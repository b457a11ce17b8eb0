-- Idempotency ledger: one row per de-duplication key (the request's idempotencyKey, or its notificationId when it
-- has no key). A row is written in the same transaction that waits for herald.accepted to acknowledge the
-- notification, so a key is taken only when its notification was accepted. Rows older than
-- herald.ingest.idempotency-retention are purged.
CREATE TABLE ingest.idempotency_key (
    key             text        PRIMARY KEY,
    notification_id text        NOT NULL,
    channel         text        NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE INDEX idempotency_key_created_at ON ingest.idempotency_key (created_at);
