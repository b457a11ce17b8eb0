-- Round 3: the trace of each notification (W3C trace id, 32 hex digits) as the records about it carried it, so the
-- timeline links to the trace backend; the first event that brings one sets it.
ALTER TABLE audit.notification ADD COLUMN trace_id text;
