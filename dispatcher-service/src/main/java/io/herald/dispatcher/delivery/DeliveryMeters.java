package io.herald.dispatcher.delivery;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts tries by provider and outcome ({@code herald.dispatcher.attempts}), what came of them by provider, channel and
 * result ({@code herald.dispatcher.deliveries}: delivered, retry, dead_letter), and times the call by provider
 * ({@code herald.dispatcher.latency}), each hop ({@code herald.dispatcher.hop}) and acceptance to delivery
 * ({@code herald.dispatcher.end.to.end}). Labels are bounded (catalog names, enums), never an id. A provider's meters are built and registered once (the timer on the provider's
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

    /**
     * What {@code decision} made of a try of {@code channel} that started at {@code startedAt}: the result's count, and
     * for a delivery the time since acceptance; a sent try's hops. Times across hosts' clocks: a negative one is dropped.
     */
    void decided(Provider provider, String channel, Decision decision, Instant accepted, Instant signed, Try attempt) {
        ProviderMeters own = metersByProvider.computeIfAbsent(provider, ProviderMeters::new);
        String result = switch (decision) {
            case Decision.Done done -> "delivered";
            case Decision.Retry retry -> "retry";
            case Decision.GiveUp giveUp -> "dead_letter";
            case Decision.Reroute reroute -> "rerouted";
        };
        own.deliveries
                .computeIfAbsent(channel + "\0" + result, key -> own.registerDeliveries(channel, result))
                .increment();
        Instant ended = attempt.startedAt().plus(attempt.latency());
        if (decision instanceof Decision.Done) {
            own.endToEnd.record(Duration.between(accepted, ended));
        }
        if (!attempt.latency().isZero()) { // sent: a parked or refused try has no hops
            own.acceptedToSigned.record(Duration.between(accepted, signed));
            own.signedToSent.record(Duration.between(signed, attempt.startedAt()));
        }
    }

    private final class ProviderMeters {
        private final Provider provider;
        private final Timer latency;
        private final Map<Outcome, Counter> attempts = new ConcurrentHashMap<>();
        private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
        private final Timer endToEnd;
        private final Timer acceptedToSigned;
        private final Timer signedToSent;

        ProviderMeters(Provider provider) {
            this.provider = provider;
            this.endToEnd = Timer.builder("herald.dispatcher.end.to.end")
                    .description("Time from ingest accepting a notification to the provider taking it")
                    .tag("provider", provider.id())
                    .register(meters);
            this.acceptedToSigned = hop("accepted_to_signed");
            this.signedToSent = hop("signed_to_sent");
            this.latency = Timer.builder("herald.dispatcher.latency")
                    .description("Time from sending a request to the provider's answer or the failure")
                    .tag("provider", provider.id())
                    .register(meters);
        }

        private Timer hop(String hop) {
            return Timer.builder("herald.dispatcher.hop")
                    .description("Time of one hop of a sent try: ingest's acceptance to the signature "
                            + "(accepted_to_signed), the signature to the send (signed_to_sent)")
                    .tag("provider", provider.id())
                    .tag("hop", hop)
                    .register(meters);
        }

        Counter registerDeliveries(String channel, String result) {
            return Counter.builder("herald.dispatcher.deliveries")
                    .description("What came of each try, by provider, channel and result (delivered, retry, "
                            + "dead_letter)")
                    .tag("provider", provider.id())
                    .tag("channel", channel)
                    .tag("result", result)
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
