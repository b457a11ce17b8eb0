package io.herald.dispatcher.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;

/**
 * Keeps one channel's trouble from becoming every channel's trouble: a rate limiter per channel, a circuit breaker per
 * endpoint ({@code scheme://host:port/path}) and a bulkhead per host, asked before every send ({@link #admit}). A poll
 * is committed only when its slowest lane is done, so nothing here waits longer than {@code permit-wait}: a record that
 * cannot go now is parked (retried later through the signer, not counted against max-attempts). The price is
 * per-channel order: a parked record may be overtaken by a newer one. A channel that was disabled or deleted after its
 * record was signed is parked too: the signer then decides (a disabled channel waits, a deleted one is dead-lettered).
 */
public class ChannelGuards {

    private static final Duration BULKHEAD_PARKING = Duration.ofSeconds(1);
    private static final Duration HELD_BACK_PARKING = Duration.ofSeconds(10);

    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads;
    private final CircuitBreakerRegistry circuitBreakers;
    private final CircuitBreakerConfig circuitConfig;
    private final ToIntBiFunction<Provider, String> ratePerMinute;
    private final Function<String, HeldBack> heldBack;
    private final Duration permitWait;
    private final Clock clock;
    private final Map<String, Instant> nextParkingSlot = new ConcurrentHashMap<>();
    private final Map<String, Counter> parked = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Map<String, String> disabledEndpoints = new ConcurrentHashMap<>();

    /**
     * @param ratePerMinute sends per minute allowed for (provider, channel); 0 or less for no limit
     * @param permitWait the longest a record waits for its channel's permit (or a place in its host's bulkhead)
     *     before it is parked
     * @param maxInFlightPerHost requests in flight at once to one host
     */
    public ChannelGuards(
            ToIntBiFunction<Provider, String> ratePerMinute,
            Duration permitWait,
            CircuitBreakerConfig circuitConfig,
            int maxInFlightPerHost,
            Clock clock,
            MeterRegistry meters) {
        this(ratePerMinute, channel -> null, permitWait, circuitConfig, maxInFlightPerHost, clock, meters);
    }

    /**
     * @param heldBack why a channel's records must not be sent now (disabled, deleted), or null when they may
     */
    public ChannelGuards(
            ToIntBiFunction<Provider, String> ratePerMinute,
            Function<String, HeldBack> heldBack,
            Duration permitWait,
            CircuitBreakerConfig circuitConfig,
            int maxInFlightPerHost,
            Clock clock,
            MeterRegistry meters) {
        this.meters = meters;
        this.ratePerMinute = ratePerMinute;
        this.heldBack = heldBack;
        this.permitWait = permitWait;
        this.circuitConfig = circuitConfig;
        this.circuitBreakers = CircuitBreakerRegistry.of(circuitConfig);
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
        record Go(Permit permit) implements Admission {}

        /** @param cause {@code circuit_open}, {@code host_busy} or {@code rate_limited}: the label of the count */
        record Park(String cause, String reason, Duration delay) implements Admission {}

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

    /**
     * Asks to send one request of {@code channel} to {@code target} (the URL's query is ignored). Refused when its
     * provider said the endpoint is gone; parked while the endpoint's circuit is open (transport failures, 5xx and
     * slow calls open it; after {@code wait-in-open} half-open probes decide, so a dead endpoint costs the others at
     * most {@code minimum-calls} timeouts per open period), for a second when its host has
     * {@code max-in-flight-per-host} requests in flight, or to the channel's next free slot when it is at its rate.
     */
    public Admission admit(Provider provider, String channel, Target target) {
        HeldBack held = heldBack.apply(channel);
        if (held != null) {
            return park(provider, held.cause(), held.reason(), HELD_BACK_PARKING);
        }
        String endpoint = target.endpoint();
        String disabled = disabledEndpoints.get(endpoint);
        if (disabled != null) {
            return new Admission.Refuse("endpoint " + target.display() + " is disabled: " + disabled);
        }
        CircuitBreaker circuit = circuitBreakers.circuitBreaker(endpoint);
        if (!circuit.tryAcquirePermission()) {
            return park(
                    provider,
                    "circuit_open",
                    "circuit open for " + target.display() + " after repeated failures (" + circuit.getState() + ")",
                    Duration.ofMillis(
                            circuitConfig.getWaitIntervalFunctionInOpenState().apply(1)));
        }
        Bulkhead bulkhead = bulkheads.bulkhead(target.display());
        if (!bulkhead.tryAcquirePermission()) {
            circuit.releasePermission();
            return park(
                    provider,
                    "host_busy",
                    bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " requests already in flight to "
                            + target.display() + " (max-in-flight-per-host)",
                    BULKHEAD_PARKING);
        }
        int rate = ratePerMinute.applyAsInt(provider, channel);
        if (rate > 0) {
            RateLimiter limiter =
                    rateLimiters.rateLimiter(provider.id() + "/" + channel + "@" + rate, () -> limiterConfig(rate));
            if (!limiter.acquirePermission()) {
                circuit.releasePermission();
                bulkhead.onComplete();
                return park(
                        provider,
                        "rate_limited",
                        "channel " + channel + " is at its rate limit of " + rate + "/min",
                        parkingDelay(channel, rate));
            }
        }
        return new Admission.Go(new Permit(circuit, bulkhead));
    }

    /**
     * Permits evenly spaced at {@code 60 s / rate}, so a provider's sliding per-minute window is never exceeded; a
     * record waits at most {@code permit-wait} for one.
     */
    private RateLimiterConfig limiterConfig(int rate) {
        return RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(Duration.ofMinutes(1).toNanos() / rate))
                .timeoutDuration(permitWait)
                .build();
    }

    /** Counted by provider and cause ({@code herald.dispatcher.parked}): bounded labels, never a URL or channel. */
    private Admission.Park park(Provider provider, String cause, String reason, Duration delay) {
        parked.computeIfAbsent(
                        provider.id() + "/" + cause,
                        key -> Counter.builder("herald.dispatcher.parked")
                                .description(
                                        "Requests parked on the retry path without being sent, by provider and cause")
                                .tag("provider", provider.id())
                                .tag("cause", cause)
                                .register(meters))
                .increment();
        return new Admission.Park(cause, reason, delay);
    }

    /** The channel's next free slot at its rate, so parked records come back spread out. */
    private Duration parkingDelay(String channel, int rate) {
        Duration interval = Duration.ofNanos(Duration.ofMinutes(1).toNanos() / rate);
        Instant now = clock.instant();
        Instant slot = nextParkingSlot.compute(channel, (key, next) -> {
            Instant earliest = now.plus(interval);
            return next == null || next.isBefore(earliest) ? earliest : next;
        });
        nextParkingSlot.put(channel, slot.plus(interval));
        return Duration.between(now, slot);
    }

    /**
     * Forgets what was kept for a channel whose definition changed: its rate limiters and parking slots (the new rate
     * applies from the next record) and a "gone" mark on its endpoint (changing the channel is asking to try again).
     */
    public void forget(String channel, URI endpoint) {
        String suffix = "/" + channel + "@";
        rateLimiters.getAllRateLimiters().stream()
                .map(RateLimiter::getName)
                .filter(name -> name.contains(suffix) && name.indexOf(suffix) == name.indexOf('/'))
                .toList()
                .forEach(rateLimiters::remove);
        nextParkingSlot.remove(channel);
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
