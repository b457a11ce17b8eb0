-- Audit store: one row per notification (its current state) and one row per lifecycle event (its timeline).
-- Flyway runs this in schema "audit" (spring.flyway.schemas); names are qualified so the SQL reads the same anywhere.

-- Current state of each notification, upserted by every event in whatever order the topics deliver them.
CREATE TABLE audit.notification (
    id                    text        PRIMARY KEY,
    channel               text,                      -- null only for a rejection that named no channel
    provider              text,                      -- null for rejections (ingest rejects before resolving it)
    tenant                text,
    idempotency_key       text,
    source                text,                      -- KAFKA | HTTP | REPLAY
    status                text        NOT NULL CHECK (status IN ('ACCEPTED', 'RETRYING', 'DELIVERED', 'DEAD_LETTERED', 'REJECTED')),
    status_rank           smallint    NOT NULL,      -- NotificationStatus.rank(): status changes only to a higher rank
    accepted_at           timestamptz,
    rejected_at           timestamptz,
    delivered_at          timestamptz,               -- earliest DELIVERED attempt
    dead_lettered_at      timestamptz,
    attempts              integer     NOT NULL DEFAULT 0,  -- highest attempt number seen
    last_attempt          integer,                   -- the latest attempt (highest number, then latest start) ...
    last_attempt_at       timestamptz,
    last_outcome          text,                      -- ... and what it ended with
    last_http_status      integer,
    last_provider_code    text,
    replay_original_id    text,                      -- replay lineage, set when this notification is a replay
    replay_count          integer,
    replay_requested_by   text,
    replay_requested_at   timestamptz,
    accepted_notification json,                      -- dead-lettered only: the AcceptedNotification (Avro JSON encoding) a replay re-sends
    first_event_at        timestamptz NOT NULL,      -- earliest event time seen: the notification's place in time for searches
    last_event_at         timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL DEFAULT now()  -- when audit last wrote the row
);

-- Searches list notifications newest first, filtered by one of these; (first_event_at, id) is the keyset cursor.
CREATE INDEX notification_time_idx     ON audit.notification (first_event_at DESC, id);
CREATE INDEX notification_status_idx   ON audit.notification (status, first_event_at DESC, id);
CREATE INDEX notification_channel_idx  ON audit.notification (channel, first_event_at DESC, id);
CREATE INDEX notification_provider_idx ON audit.notification (provider, first_event_at DESC, id);
CREATE INDEX notification_tenant_idx   ON audit.notification (tenant, first_event_at DESC, id) WHERE tenant IS NOT NULL;
CREATE INDEX notification_idempotency_key_idx ON audit.notification (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX notification_replay_original_idx ON audit.notification (replay_original_id) WHERE replay_original_id IS NOT NULL;

-- Every consumed lifecycle event: the timeline. Never updated; a re-consumed event hits the natural key and adds nothing.
CREATE TABLE audit.event (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id     text        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('ACCEPTED', 'REJECTED', 'ATTEMPT', 'DEAD_LETTER')),
    attempt             integer     NOT NULL DEFAULT 0,  -- attempt number for ATTEMPT, attempts made for DEAD_LETTER, 0 otherwise
    occurred_at         timestamptz NOT NULL,            -- acceptedAt | rejectedAt | startedAt | deadAt
    -- ATTEMPT
    signed_at           timestamptz,
    outcome             text,                            -- attempt outcome, or the dead letter's final outcome
    http_status         integer,
    provider_code       text,
    provider_message    text,
    error               text,
    latency_ms          bigint,
    dispatcher          text,
    response_date       timestamptz,                     -- provider's Date header
    -- ACCEPTED
    source              text,
    -- DEAD_LETTER
    reason              text,
    -- REJECTED
    violations          jsonb,                           -- [{"field","code","message"}]
    raw_payload_bytes   integer,                         -- size of an undecodable record; its bytes are not kept ...
    raw_payload_preview text,                            -- ... beyond a hex preview of the first 64
    origin_topic        text,
    origin_partition    integer,
    origin_offset       bigint,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    -- The event's natural identity. occurred_at is part of it on purpose: a repeated send of the same attempt after a
    -- dispatcher crash is a second real try with its own start time and must show in the timeline; a re-consumed record
    -- carries the same values and is dropped.
    CONSTRAINT event_natural_key UNIQUE (notification_id, kind, attempt, occurred_at)
);

-- The natural key's index serves the timeline (WHERE notification_id = ?). These serve searches across notifications.
CREATE INDEX event_time_idx          ON audit.event (occurred_at DESC);
CREATE INDEX event_outcome_idx       ON audit.event (outcome, occurred_at DESC) WHERE kind = 'ATTEMPT';
CREATE INDEX event_provider_code_idx ON audit.event (provider_code, occurred_at DESC) WHERE provider_code IS NOT NULL;
CREATE INDEX event_violations_idx    ON audit.event USING gin (violations jsonb_path_ops) WHERE kind = 'REJECTED';
