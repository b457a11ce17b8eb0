package io.herald.dispatcher.delivery;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts tries by provider and outcome ({@code herald.dispatcher.attempts}) and times them by provider
 * ({@code herald.dispatcher.latency}). A provider's meters are built and registered once (the timer on the provider's
 * first try, a counter on its outcome's first try) instead of for every try: building a meter and finding it in the
 * registry again cost ~4 % of the dispatcher's CPU.
 */
final class DeliveryMeters {

    private final MeterRegistry meters;
    private final Map<Provider, ProviderMeters> metersByProvider = new ConcurrentHashMap<>();

    DeliveryMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(Provider provider, Classification result, Duration latency) {
        ProviderMeters own = metersByProvider.computeIfAbsent(provider, ProviderMeters::new);
        own.attempts.computeIfAbsent(result.outcome(), own::registerAttempts).increment();
        own.latency.record(latency);
    }

    private final class ProviderMeters {
        private final Provider provider;
        private final Timer latency;
        private final Map<Outcome, Counter> attempts = new ConcurrentHashMap<>();

        ProviderMeters(Provider provider) {
            this.provider = provider;
            this.latency = Timer.builder("herald.dispatcher.latency")
                    .description("Time from sending a request to the provider's answer or the failure")
                    .tag("provider", provider.id())
                    .register(meters);
        }

        Counter registerAttempts(Outcome outcome) {
            return Counter.builder("herald.dispatcher.attempts")
                    .description("Tries to deliver, by provider and outcome")
                    .tag("provider", provider.id())
                    .tag("outcome", outcome.name())
                    .register(meters);
        }
    }
}
