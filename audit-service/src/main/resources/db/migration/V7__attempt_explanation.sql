-- Issue 21 (failures explained): why an attempt did not deliver, for people, as the dispatcher explained it from the
-- provider's code, the trusted clock and the request: what happened, the likely cause, the provider's documentation.
-- Null for delivered attempts and other kinds of event; holds no secret.
ALTER TABLE audit.event
    ADD COLUMN explanation_text text,
    ADD COLUMN explanation_cause text,
    ADD COLUMN explanation_docs text;
