package io.herald.dispatcher;

import io.herald.contract.provider.Provider;
import io.herald.dispatcher.ordering.OrderingRules;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this dispatcher instance delivers ({@code herald.dispatcher.*}); documented with defaults in
 * {@code application.yml}.
 *
 * @param providers provider ids this instance consumes {@code herald.signed.<id>} for; empty (the default): every
 *     registered provider, since a channel of any provider may be created while the dispatcher runs, and none of its
 *     notifications may wait for a dispatcher that never comes
 * @param maxAttempts tries per notification before it is dead-lettered (tries that were not sent do not count)
 * @param maxAge no retry once a notification was accepted this long ago
 * @param connectTimeout TCP (and TLS) connect timeout towards providers
 * @param requestTimeout time allowed from sending a request to the provider's answer
 * @param instanceId names this instance on every attempt; blank means {@code <hostname>-<pid>}
 * @param signerUrl base URL of the signer, for synchronous re-signing
 * @param signerToken the dispatcher's credential for the signer's re-sign door (a SERVICE token), by reference:
 *     {@code env:VARIABLE} or {@code file:/path}; null: none is sent (the signer then refuses every re-sign)
 * @param resignTimeout time allowed for one re-sign call
 * @param resignMargin per provider id: re-sign instead of sending when {@code now + margin > notAfter}
 * @param ratePerMinute per provider id: sends per minute per channel when the catalog sets none (0: no limit)
 * @param permitWait the longest a record waits for a place in its host's bulkhead before it is parked
 * @param retryJitter extra random share (0..1) added to each retry tier's delay
 * @param circuitBreaker the per-endpoint circuit breaker
 * @param maxInFlightPerHost bulkhead: requests in flight at once to one host (all channels of this instance)
 * @param pollDeadline a channel still sending this long after its poll started parks the rest of its records
 * @param pacing how a channel's requests wait for its rate window
 * @param ordering how ordered channels wait ({@link OrderingRules})
 */
@Validated
@ConfigurationProperties("herald.dispatcher")
public record DispatcherProperties(
        @DefaultValue List<String> providers,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("24h") @NotNull Duration maxAge,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("10s") @NotNull Duration requestTimeout,
        @DefaultValue("") String instanceId,
        @DefaultValue("http://127.0.0.1:8082") @NotNull URI signerUrl,
        String signerToken,
        @DefaultValue("5s") @NotNull Duration resignTimeout,
        @DefaultValue Map<String, Duration> resignMargin,
        @DefaultValue Map<String, Integer> ratePerMinute,
        @DefaultValue("1s") @NotNull Duration permitWait,
        @DefaultValue("0.2") double retryJitter,
        @DefaultValue @Valid @NotNull CircuitBreakerSettings circuitBreaker,
        @DefaultValue("64") @Min(1) int maxInFlightPerHost,
        @DefaultValue("60s") @NotNull Duration pollDeadline,
        @DefaultValue @Valid @NotNull PacingSettings pacing,
        @DefaultValue @Valid @NotNull OrderingSettings ordering) {

    public DispatcherProperties {
        providers = List.copyOf(new LinkedHashSet<>(providers == null ? List.of() : providers));
        for (String id : providers) {
            if (Provider.byId(id).isEmpty()) {
                throw new IllegalArgumentException(
                        "herald.dispatcher.providers: unknown provider '" + id + "'; known: " + Provider.knownIds());
            }
        }
        requirePositive("herald.dispatcher.max-age", maxAge);
        requirePositive("herald.dispatcher.connect-timeout", connectTimeout);
        requirePositive("herald.dispatcher.request-timeout", requestTimeout);
        requirePositive("herald.dispatcher.resign-timeout", resignTimeout);
        requirePositive("herald.dispatcher.poll-deadline", pollDeadline);
        if (pacing != null && pollDeadline != null && pacing.maxWaitInLane().compareTo(pollDeadline) >= 0) {
            throw new IllegalArgumentException("herald.dispatcher.pacing.max-wait-in-lane must be shorter than"
                    + " herald.dispatcher.poll-deadline (" + pollDeadline + "), was " + pacing.maxWaitInLane());
        }
        if (permitWait != null && permitWait.isNegative()) {
            throw new IllegalArgumentException("herald.dispatcher.permit-wait must not be negative, was " + permitWait);
        }
        if (retryJitter < 0 || retryJitter > 1) {
            throw new IllegalArgumentException(
                    "herald.dispatcher.retry-jitter must be between 0 and 1, was " + retryJitter);
        }
        resignMargin = Map.copyOf(resignMargin == null ? Map.of() : resignMargin);
        resignMargin.forEach((id, margin) -> {
            requireProvider("herald.dispatcher.resign-margin." + id, id);
            if (margin.isNegative()) {
                throw new IllegalArgumentException("herald.dispatcher.resign-margin." + id + " must not be negative");
            }
        });
        ratePerMinute = Map.copyOf(ratePerMinute == null ? Map.of() : ratePerMinute);
        ratePerMinute.forEach((id, rate) -> {
            requireProvider("herald.dispatcher.rate-per-minute." + id, id);
            if (rate < 0) {
                throw new IllegalArgumentException("herald.dispatcher.rate-per-minute." + id + " must not be negative");
            }
        });
        instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId.strip();
        signerToken = signerToken == null || signerToken.isBlank() ? null : signerToken.strip();
        if (signerToken != null && !signerToken.startsWith("env:") && !signerToken.startsWith("file:")) {
            // never echo it: a token pasted here instead of its reference would end up in a log
            throw new IllegalArgumentException("herald.dispatcher.signer-token must be a reference, env:VARIABLE or"
                    + " file:/path (the value itself is not accepted)");
        }
    }

    /** The configured providers, in configuration order; empty when none is configured. */
    public List<Provider> providerList() {
        return providers.stream().map(id -> Provider.byId(id).orElseThrow()).toList();
    }

    /**
     * The providers this instance delivers for: the configured ones, or, when none is configured, every registered
     * provider. Not derived from the channels: they change while the dispatcher runs (a channel of a provider that had
     * none may be created at any time), and the containers are made once, at start.
     */
    public List<Provider> servedProviders() {
        return providers.isEmpty() ? Provider.all() : providerList();
    }

    /** Re-sign margins by provider (only those configured; the rest use the default). */
    public Map<Provider, Duration> resignMargins() {
        Map<Provider, Duration> margins = new HashMap<>();
        resignMargin.forEach((id, margin) -> margins.put(Provider.byId(id).orElseThrow(), margin));
        return margins;
    }

    /** The per-channel limit of a provider when the catalog sets none: configured, else published, else none. */
    public int defaultRatePerMinute(Provider provider) {
        Integer configured = ratePerMinute.get(provider.id());
        return configured != null ? configured : provider.publishedRatePerMinute();
    }

    /**
     * The per-endpoint circuit breaker ({@code herald.dispatcher.circuit-breaker.*}).
     *
     * @param failureRateThreshold percentage of failed calls (transport failures, 5xx) that opens the circuit
     * @param slowCallRateThreshold percentage of slow calls that opens the circuit
     * @param slowCallDuration a call slower than this is slow
     * @param slidingWindowSize the last this many calls are judged
     * @param minimumCalls calls needed before the rates are judged
     * @param waitInOpen how long an open circuit parks work before half-open probes
     * @param halfOpenCalls probes allowed while half-open
     */
    public record CircuitBreakerSettings(
            @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
            @DefaultValue("80") @Min(1) @Max(100) int slowCallRateThreshold,
            @DefaultValue("5s") @NotNull Duration slowCallDuration,
            @DefaultValue("20") @Min(1) int slidingWindowSize,
            @DefaultValue("5") @Min(1) int minimumCalls,
            @DefaultValue("30s") @NotNull Duration waitInOpen,
            @DefaultValue("2") @Min(1) int halfOpenCalls) {

        public CircuitBreakerSettings {
            requirePositive("herald.dispatcher.circuit-breaker.slow-call-duration", slowCallDuration);
            requirePositive("herald.dispatcher.circuit-breaker.wait-in-open", waitInOpen);
        }

        public io.github.resilience4j.circuitbreaker.CircuitBreakerConfig toConfig() {
            return io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                    .failureRateThreshold(failureRateThreshold)
                    .slowCallRateThreshold(slowCallRateThreshold)
                    .slowCallDurationThreshold(slowCallDuration)
                    .slidingWindowType(
                            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(slidingWindowSize)
                    .minimumNumberOfCalls(minimumCalls)
                    .waitDurationInOpenState(waitInOpen)
                    .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                    .automaticTransitionFromOpenToHalfOpenEnabled(false)
                    .build();
        }
    }

    /**
     * Pacing ({@code herald.dispatcher.pacing.*}): each channel sends at most its rate in any minute, a burst at once.
     *
     * @param maxWaitInLane how long after its poll started a request may still wait in its lane for its channel's
     *     window; a later slot parks it (not sent, not counted) until that slot
     */
    public record PacingSettings(
            @DefaultValue("10s") @NotNull Duration maxWaitInLane) {

        public PacingSettings {
            if (maxWaitInLane != null && maxWaitInLane.isNegative()) {
                throw new IllegalArgumentException(
                        "herald.dispatcher.pacing.max-wait-in-lane must not be negative, was " + maxWaitInLane);
            }
        }
    }

    /**
     * Ordered channels ({@code herald.dispatcher.ordering.*}).
     *
     * @param maxWaiting notifications that may wait on one ordered channel; one more is dead-lettered
     * @param releaseGap how long after the head's next try the ones behind it come back
     * @param stoppedRecheck how often a notification of a stopped ordered channel looks again
     */
    public record OrderingSettings(
            @DefaultValue("1000") int maxWaiting,
            @DefaultValue("1s") @NotNull Duration releaseGap,
            @DefaultValue("30s") @NotNull Duration stoppedRecheck) {

        public OrderingRules rules() {
            return new OrderingRules(maxWaiting, releaseGap, stoppedRecheck);
        }
    }

    private static void requireProvider(String property, String id) {
        if (Provider.byId(id).isEmpty()) {
            throw new IllegalArgumentException(
                    property + ": unknown provider '" + id + "'; known: " + Provider.knownIds());
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
