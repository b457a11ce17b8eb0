package io.herald.dispatcher.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.herald.contract.provider.Provider;
import io.herald.dispatcher.transport.Target;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.provider.spi.outcome.Classification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;

/**
 * Keeps one channel's trouble from becoming every channel's trouble: pacing per channel ({@link ChannelPacing}), a
 * circuit breaker per endpoint and a bulkhead per host, asked before every send ({@link #admit}). A paced request waits
 * in its lane until the time its caller allows, else is parked until its slot; the other guards (and a channel
 * disabled or deleted since it was signed) park at once, on the retry path, not counted against max-attempts.
 */
public class ChannelGuards {

    private static final Duration BULKHEAD_PARKING = Duration.ofSeconds(1);
    private static final Duration HELD_BACK_PARKING = Duration.ofSeconds(10);

    private final ChannelPacing pacing;
    private final BulkheadRegistry bulkheads;
    private final CircuitBreakerRegistry circuitBreakers;
    private final CircuitBreakerConfig circuitConfig;
    private final ToIntBiFunction<Provider, String> ratePerMinute;
    private final Function<String, HeldBack> heldBack;
    private final Clock clock;
    private final Map<String, Counter> parked = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
    private final Map<String, String> disabledEndpoints = new ConcurrentHashMap<>();

    /** Paced per minute, as providers publish their limits: the guards the dispatcher runs with. */
    public ChannelGuards(
            ToIntBiFunction<Provider, String> ratePerMinute,
            Function<String, HeldBack> heldBack,
            Duration permitWait,
            CircuitBreakerConfig circuitConfig,
            int maxInFlightPerHost,
            Clock clock,
            MeterRegistry meters) {
        this(
                ratePerMinute,
                heldBack,
                permitWait,
                circuitConfig,
                maxInFlightPerHost,
                ChannelPacing.perMinute(meters),
                clock,
                meters);
    }

    /**
     * @param ratePerMinute sends allowed for (provider, channel) in any window of {@code pacing}'s length (a minute
     *     but in tests); 0 or less for no limit
     * @param heldBack why a channel's records must not be sent now (disabled, deleted), or null when they may
     * @param permitWait the longest a record waits for a place in its host's bulkhead before it is parked
     * @param maxInFlightPerHost requests in flight at once to one host
     */
    public ChannelGuards(
            ToIntBiFunction<Provider, String> ratePerMinute,
            Function<String, HeldBack> heldBack,
            Duration permitWait,
            CircuitBreakerConfig circuitConfig,
            int maxInFlightPerHost,
            ChannelPacing pacing,
            Clock clock,
            MeterRegistry meters) {
        this.meters = meters;
        this.ratePerMinute = ratePerMinute;
        this.heldBack = heldBack;
        this.pacing = pacing;
        this.circuitConfig = circuitConfig;
        this.circuitBreakers = CircuitBreakerRegistry.of(circuitConfig);
        // when each endpoint's circuit opened (kept through half-open probes until it closes): a channel's route may
        // fall back once it has been open long enough
        circuitBreakers
                .getEventPublisher()
                .onEntryAdded(added -> added.getAddedEntry().getEventPublisher().onStateTransition(event -> {
                    String endpoint = added.getAddedEntry().getName();
                    switch (event.getStateTransition().getToState()) {
                        case OPEN, FORCED_OPEN -> openedAt.putIfAbsent(endpoint, clock.instant());
                        case CLOSED, DISABLED, METRICS_ONLY -> openedAt.remove(endpoint);
                        case HALF_OPEN -> {}
                    }
                }));
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(maxInFlightPerHost)
                .maxWaitDuration(permitWait)
                .build());
        this.clock = clock;
    }

    /**
     * Why a channel's records are held back.
     *
     * @param cause {@code channel_disabled} or {@code channel_deleted}: the label of the count
     */
    public record HeldBack(String cause, String reason) {}

    /** Go ahead (and report the result to the permit), or park with the reason and a delay. */
    public sealed interface Admission {
        /** @param paced how long the request waited for its channel's window before it may go (zero: none) */
        record Go(Permit permit, Duration paced) implements Admission {}

        /**
         * @param cause {@code circuit_open}, {@code host_busy}, {@code channel_disabled}, {@code channel_deleted} or
         *     {@link #PACED} (parked until its slot in the channel's window: a wait, not a failure)
         */
        record Park(String cause, String reason, Duration delay, Instant circuitOpenSince) implements Admission {
            Park(String cause, String reason, Duration delay) {
                this(cause, reason, delay, null);
            }
        }

        /** Never send: the endpoint told us to stop (e.g. a Standard Webhooks 410 Gone). */
        record Refuse(String reason) implements Admission {}
    }

    /**
     * Remembers that an endpoint asked not to be called again (a Standard Webhooks 410): later requests to it are
     * refused without a send, until this instance restarts.
     */
    public void disable(Target target, String why) {
        disabledEndpoints.putIfAbsent(target.endpoint(), why + " at " + clock.instant());
    }

    /** The cause of a park until the channel's slot: a wait for its rate window, not a failure. */
    public static final String PACED = "paced";

    /**
     * Asks to send one request of {@code channel} to {@code target} now, without waiting for the channel's window (a
     * request it has no room for is parked until its slot).
     */
    public Admission admit(Provider provider, String channel, Target target) {
        try {
            return admit(provider, channel, target, null, clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cannot happen: nothing waits
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Asks to send request {@code request} of {@code channel} to {@code target} (the URL's query is ignored). Refused
     * when its provider said the endpoint is gone. Paced by the channel's window: a slot up to {@code waitUntil} is
     * waited for here (the caller's lane holds it), a later one parks it until that slot ({@link #PACED}). Then parked
     * while the endpoint's circuit is open (transport failures, 5xx and slow calls open it; after {@code wait-in-open}
     * half-open probes decide, so a dead endpoint costs the others at most {@code minimum-calls} timeouts per open
     * period), or for a second when its host has {@code max-in-flight-per-host} requests in flight.
     *
     * @param request the request's id (its notification's): a request parked until its slot takes that slot back
     * @throws InterruptedException when stopped while waiting for the window
     */
    public Admission admit(Provider provider, String channel, Target target, String request, Instant waitUntil)
            throws InterruptedException {
        HeldBack held = heldBack.apply(channel);
        if (held != null) {
            return park(provider, held.cause(), held.reason(), HELD_BACK_PARKING);
        }
        String endpoint = target.endpoint();
        String disabled = disabledEndpoints.get(endpoint);
        if (disabled != null) {
            return new Admission.Refuse("endpoint " + target.display() + " is disabled: " + disabled);
        }
        int rate = ratePerMinute.applyAsInt(provider, channel);
        Instant slot = null;
        Duration paced = Duration.ZERO;
        if (rate > 0) {
            Instant asked = clock.instant();
            slot = pacing.reserve(channel, request == null ? "" : request, rate, asked);
            if (slot.isAfter(asked)) {
                if (slot.isAfter(waitUntil)) {
                    Duration delay = Duration.between(asked, slot);
                    if (request != null) {
                        pacing.claim(channel, request, slot);
                    } else {
                        pacing.release(channel, slot); // nothing can come back for it
                    }
                    pacing.paced(provider, "parked", delay);
                    return new Admission.Park(PACED, pacing.full(channel, rate, slot), delay);
                }
                Thread.sleep(Duration.between(asked, slot));
                paced = Duration.between(asked, clock.instant());
                pacing.paced(provider, "lane", paced);
            }
        }
        CircuitBreaker circuit = circuitBreakers.circuitBreaker(endpoint);
        if (!circuit.tryAcquirePermission()) {
            release(channel, slot);
            Instant since = openedAt.get(endpoint);
            parkedCounter(provider, "circuit_open").increment();
            return new Admission.Park(
                    "circuit_open",
                    "circuit open for " + target.display() + (since == null ? "" : " since " + since)
                            + " after repeated failures (" + circuit.getState() + ")",
                    Duration.ofMillis(
                            circuitConfig.getWaitIntervalFunctionInOpenState().apply(1)),
                    since);
        }
        Bulkhead bulkhead = bulkheads.bulkhead(target.display());
        if (!bulkhead.tryAcquirePermission()) {
            circuit.releasePermission();
            release(channel, slot);
            return park(
                    provider,
                    "host_busy",
                    bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " requests already in flight to "
                            + target.display() + " (max-in-flight-per-host)",
                    BULKHEAD_PARKING);
        }
        return new Admission.Go(new Permit(circuit, bulkhead), paced);
    }

    private void release(String channel, Instant slot) {
        if (slot != null) {
            pacing.release(channel, slot);
        }
    }

    /** Shows each provider's parks at 0 from the start, so an alert on them has a series before the first one. */
    public void countParksOf(Iterable<Provider> providers) {
        for (Provider provider : providers) {
            for (String cause : List.of("circuit_open", "host_busy", "channel_disabled", "channel_deleted")) {
                parkedCounter(provider, cause);
            }
        }
    }

    /** Counted by provider and cause ({@code herald.dispatcher.parked}): bounded labels, never a URL or channel. */
    private Admission.Park park(Provider provider, String cause, String reason, Duration delay) {
        parkedCounter(provider, cause).increment();
        return new Admission.Park(cause, reason, delay);
    }

    private Counter parkedCounter(Provider provider, String cause) {
        return parked.computeIfAbsent(
                provider.id() + "/" + cause,
                key -> Counter.builder("herald.dispatcher.parked")
                        .description("Requests parked on the retry path without being sent, by provider and cause")
                        .tag("provider", provider.id())
                        .tag("cause", cause)
                        .register(meters));
    }

    /**
     * Forgets what was kept for a channel whose definition changed: a "gone" mark on its endpoint (changing the
     * channel is asking to try again). Its pacing stays: the sends it made still count in the provider's window, and
     * a changed rate applies from the next record.
     */
    public void forget(String channel, URI endpoint) {
        if (endpoint != null) {
            disabledEndpoints.remove(Target.of(endpoint.toString()).endpoint());
        }
    }

    /** Current state of an endpoint's circuit (for tests and diagnostics). */
    public CircuitBreaker.State circuitState(String url) {
        return circuitBreakers.circuitBreaker(Target.of(url).endpoint()).getState();
    }

    /** Permission for one send; report what happened exactly once. */
    public static final class Permit {
        private final CircuitBreaker circuit;
        private final Bulkhead bulkhead;

        Permit(CircuitBreaker circuit, Bulkhead bulkhead) {
            this.circuit = circuit;
            this.bulkhead = bulkhead;
        }

        /** Transport failures and 5xx count against the endpoint; any other answer shows it is up. */
        public void record(TransportResult sent, Classification result) {
            bulkhead.onComplete();
            long nanos = sent.latency().toNanos();
            boolean endpointFailed = sent instanceof TransportResult.Failed
                    || (result.httpStatus() != null && result.httpStatus() >= 500);
            if (endpointFailed) {
                circuit.onError(nanos, TimeUnit.NANOSECONDS, new EndpointFailure(result.summary()));
            } else {
                circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
        }

        /** Nothing was sent after all. */
        public void release() {
            bulkhead.onComplete();
            circuit.releasePermission();
        }
    }

    /** What the circuit breaker records for a failed call (the summary is already free of credentials). */
    static final class EndpointFailure extends RuntimeException {
        EndpointFailure(String summary) {
            super(summary, null, false, false);
        }
    }
}
