package io.herald.signer.clock;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.provider.Provider;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code clock} component of {@code /actuator/health}: offset, error bound, every source with its last sample
 * (or failure), and for each configured provider whether it can be signed now. DOWN only when a provider some
 * channel uses cannot be signed (its work waits on the retry path until the clock is trustworthy again).
 */
class ClockHealthIndicator implements HealthIndicator {

    private final TrustedClock clock;
    private final ChannelDirectory directory;

    public ClockHealthIndicator(TrustedClock clock, ChannelDirectory directory) {
        this.clock = clock;
        this.directory = directory;
    }

    @Override
    public Health health() {
        Instant hostNow = clock.hostNow();
        ClockProperties properties = clock.properties();
        Map<String, Object> details = new LinkedHashMap<>();
        var estimate = clock.estimate();
        details.put("hostTime", hostNow.toString());
        estimate.ifPresentOrElse(
                e -> {
                    details.put("trueTime", hostNow.plus(e.offset()).toString());
                    details.put("offsetSeconds", e.offset().toNanos() / 1e9);
                    details.put("boundSeconds", e.bound().toNanos() / 1e9);
                    details.put("host", TrustedClock.describeHost(e.offset()));
                    details.put("truechimers", e.truechimers());
                    details.put("falsetickers", e.falsetickers());
                },
                () -> {
                    details.put("offsetSeconds", 0);
                    details.put("boundSeconds", "unknown");
                });
        Map<String, Object> sources = new TreeMap<>();
        clock.sources().forEach((name, state) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            state.sample().ifPresent(sample -> {
                s.put("offsetSeconds", sample.offset().toNanos() / 1e9);
                s.put("errorSeconds", sample.error().toNanos() / 1e9);
                s.put(
                        "boundNowSeconds",
                        sample.boundAt(hostNow, properties.driftPpm(), properties.boundFloor())
                                        .toNanos()
                                / 1e9);
                s.put("sampledAt", sample.takenAt().toString());
            });
            state.lastError().ifPresent(error -> s.put("lastError", error));
            s.put("lastTry", state.lastTry().toString());
            sources.put(name, s);
        });
        details.put("sources", sources);
        Map<String, Object> providers = new TreeMap<>();
        boolean allSignable = true;
        for (Provider provider : directory.channels().values().stream()
                .map(Channel::providerType)
                .distinct()
                .toList()) {
            TrustedClock.Verdict verdict = clock.check(provider);
            allSignable &= verdict.signable();
            providers.put(provider.id(), Map.of("signable", verdict.signable(), "reason", verdict.reason()));
        }
        details.put("providers", providers);
        return (allSignable ? Health.up() : Health.down()).withDetails(details).build();
    }
}
