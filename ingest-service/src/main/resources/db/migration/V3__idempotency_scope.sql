-- Idempotency keys are scoped (issue 16): the same Idempotency-Key from two tenants takes two rows, so neither answers
-- the other as a duplicate or a conflict, nor shows the other's notification id. A row's scope is
--   '<tenant>'         an Idempotency-Key of a request of that tenant (HTTP: the tenant its credential publishes for),
--   ''                 an Idempotency-Key of a request without a tenant,
--   '#notification-id' a caller's notificationId used as the key (a request without Idempotency-Key): one scope for
--                      every tenant, since a notification id names one notification in the whole pipeline
--                      ('#' is never in a tenant name);
--   NULL               taken before this migration, scope unknown: such a row answers only a repeat of its own request
--                      (same key and request fingerprint, which includes the tenant), until it is purged.
ALTER TABLE ingest.idempotency_key ADD COLUMN scope text;
ALTER TABLE ingest.idempotency_key DROP CONSTRAINT idempotency_key_pkey;
CREATE UNIQUE INDEX idempotency_key_scope_key ON ingest.idempotency_key (scope, key);
