-- Issue 20: every version of every channel of the live catalog (herald.channels), written only by the channel API and
-- the seed import. A name's current definition is its highest version; the primary key is the optimistic lock: a change
-- inserts version N+1 in the transaction that produces it to herald.channels, so of two concurrent changes (even on two
-- audit instances) exactly one gets N+1 and the other is refused.
CREATE TABLE audit.channel_version (
    name            text        NOT NULL,
    version         bigint      NOT NULL CHECK (version >= 1),
    tenant          text,                                 -- null: shared by every tenant (the seed's channels)
    state           text        NOT NULL CHECK (state IN ('ACTIVE', 'DISABLED', 'DELETED')),
    origin          text        NOT NULL CHECK (origin IN ('SEED', 'API')),
    action          text        NOT NULL CHECK (action IN ('SEEDED', 'CREATED', 'UPDATED', 'DISABLED', 'ENABLED',
                                                           'DELETED', 'SECRET_ADDED', 'SECRET_RETIRED')),
    -- the channel as the API answers it; submitted secrets appear as {credential: [{id, addedBy, addedAt}]} only
    definition      jsonb       NOT NULL,
    -- {credential: {id: {keyId, nonce, ciphertext}}} (Base64): what the signer sealed, kept only to build the next
    -- version's ChannelDefinition; only the signer can open it, and no answer or history row shows it
    sealed          jsonb       NOT NULL DEFAULT '{}',
    changed_by      text        NOT NULL,
    changed_at      timestamptz NOT NULL,
    changed_fields  text[]      NOT NULL DEFAULT '{}',    -- JSON properties that differ from the previous version
    PRIMARY KEY (name, version)
);
