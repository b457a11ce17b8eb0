package io.herald.audit.operators;

import java.time.Instant;

/**
 * One occurrence worth telling operators about, before it is de-duplicated.
 *
 * @param subject the channel, or the provider for {@link OperatorEventKind#CLOCK_UNTRUSTED}
 * @param tenant the tenant of the notification it was seen on (null: none)
 * @param detail what was seen, already free of credentials (a dead letter's reason, an attempt's explanation)
 */
record Signal(OperatorEventKind kind, String subject, String provider, String tenant, Instant at, String detail) {}
