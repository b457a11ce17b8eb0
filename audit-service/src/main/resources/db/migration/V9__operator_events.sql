-- Operator events (io.herald.audit.operators): one row per kind and subject (a channel, or a provider for clock
-- events), counting occurrences since operators were last told and when that was. The quiet period is decided on this
-- row under its lock, so several audit instances tell operators once.
CREATE TABLE audit.operator_event (
    kind          text        NOT NULL,   -- dead_letters | circuit_open | clock_untrusted | endpoint_gone
    subject       text        NOT NULL,
    provider      text,
    tenant        text,
    first_at      timestamptz,            -- first occurrence since operators were last told (null: none since)
    last_at       timestamptz NOT NULL,
    occurrences   bigint      NOT NULL,   -- since operators were last told
    detail        text        NOT NULL,   -- the latest occurrence, free of credentials
    notified_at   timestamptz,            -- when operators were last told (null: never)
    notice_id     text,                   -- that notice's notification id on the operators' channel
    PRIMARY KEY (kind, subject)
);
