package io.herald.signer.signing;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports on {@code /actuator/health} (component {@code signing}) which channels cannot be signed right now
 * and why, e.g. {@code herald.channels.ops.credentials.secret: file /run/secrets/ops does not exist}.
 * DOWN while at least one channel is failing; a channel is cleared by its next successful signature.
 */
@Component
public class SigningHealthIndicator implements HealthIndicator {

    private final Map<String, Failure> failing = new ConcurrentHashMap<>();

    /** Records that {@code channel} could not be signed; {@code reason} must contain no secret. */
    public void failed(String channel, String reason, Instant at) {
        failing.compute(channel, (name, previous) -> new Failure(reason, previous == null ? at : previous.since(), at));
    }

    public void succeeded(String channel) {
        failing.remove(channel);
    }

    /** Drops {@code channel} (deleted): nothing of it is to be signed any more. */
    public void forget(String channel) {
        failing.remove(channel);
    }

    @Override
    public Health health() {
        if (failing.isEmpty()) {
            return Health.up().build();
        }
        Map<String, Object> channels = new TreeMap<>();
        failing.forEach((channel, failure) -> channels.put(
                channel,
                Map.of(
                        "reason", failure.reason(),
                        "since", failure.since().toString(),
                        "lastAttempt", failure.lastAttempt().toString())));
        return Health.down().withDetail("cannotSign", channels).build();
    }

    private record Failure(String reason, Instant since, Instant lastAttempt) {}
}
