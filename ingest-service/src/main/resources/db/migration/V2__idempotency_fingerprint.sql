-- The request a key was taken for, as a SHA-256 fingerprint of its canonical form (hex; see RequestFingerprint), so a
-- repeat of the key with a different request is a conflict instead of a silent duplicate (IETF Idempotency-Key
-- draft). Keys taken before this column existed have none and keep answering as duplicates.
ALTER TABLE ingest.idempotency_key ADD COLUMN request_fingerprint text;
