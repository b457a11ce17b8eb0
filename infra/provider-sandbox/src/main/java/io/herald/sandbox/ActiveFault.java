package io.herald.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * An injected fault as it stands now: its id (for {@code DELETE /_sandbox/faults/{id}}), what it does, and how
 * many requests it hit so far.
 *
 * @param injectedAt when it was injected, on the sandbox clock
 * @param hits       requests it applied to so far
 * @param remaining  requests left before it ends, or {@code null} without a count
 * @param expiresIn  time left before it ends, or {@code null} without a duration
 */
record ActiveFault(String id, Fault fault, Instant injectedAt, int hits, Integer remaining, Duration expiresIn) {}
