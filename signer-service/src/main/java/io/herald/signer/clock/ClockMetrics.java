package io.herald.signer.clock;

import io.herald.contract.provider.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the trusted clock as metrics: {@code herald.signer.clock.offset} and {@code .bound} (seconds; the bound
 * is +Inf while unknown), {@code herald.signer.clock.source.offset{source}} per source, and the counter
 * {@code herald.signer.clock.refusals{provider}} of requests not signed because of the clock.
 */
public class ClockMetrics {

    private final TrustedClock clock;
    private final MeterRegistry meters;
    private final Set<String> registeredSources = ConcurrentHashMap.newKeySet();
    private final Map<Provider, Counter> refusals = new ConcurrentHashMap<>();

    public ClockMetrics(TrustedClock clock, MeterRegistry meters) {
        this.clock = clock;
        this.meters = meters;
        Gauge.builder(
                        "herald.signer.clock.offset",
                        clock,
                        c -> c.estimate().map(e -> e.offset().toNanos() / 1e9).orElse(Double.NaN))
                .description("Estimated true time minus host time, seconds")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder(
                        "herald.signer.clock.bound",
                        clock,
                        c -> c.estimate().map(e -> e.bound().toNanos() / 1e9).orElse(Double.POSITIVE_INFINITY))
                .description("Error bound of the clock offset estimate, seconds (+Inf: no estimate)")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Registers a gauge for every source seen so far (new sources appear as they are first sampled). */
    public void refreshSources() {
        clock.sources().keySet().forEach(source -> {
            if (registeredSources.add(source)) {
                Gauge.builder("herald.signer.clock.source.offset", clock, c -> {
                            var state = c.sources().get(source);
                            return state == null || state.sample().isEmpty()
                                    ? Double.NaN
                                    : state.sample().get().offset().toNanos() / 1e9;
                        })
                        .description("Offset measured by one time source, seconds")
                        .baseUnit("seconds")
                        .tag("source", source)
                        .register(meters);
            }
        });
    }

    /** Shows {@code provider}'s refusals from the start, at 0: a rate over the scrape works before the first one. */
    public void expect(Provider provider) {
        refusals(provider);
    }

    public void refused(Provider provider) {
        refusals(provider).increment();
    }

    private Counter refusals(Provider provider) {
        // registered once per provider: while the clock is untrustworthy every notification is refused
        return refusals.computeIfAbsent(
                provider,
                p -> Counter.builder("herald.signer.clock.refusals")
                        .description(
                                "Requests the signer did not sign because the clock bound exceeded the provider's tolerance")
                        .tag("provider", p.id())
                        .register(meters));
    }
}
