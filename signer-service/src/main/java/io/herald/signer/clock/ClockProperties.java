package io.herald.signer.clock;

import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The trusted clock's settings ({@code herald.signer.clock.*}); defaults are in {@code application.yml}.
 *
 * @param sntpServers SNTP servers, {@code host} or {@code host:port} (port 123 by default); may be empty
 * @param sntpTimeout how long one SNTP query waits for its answer
 * @param sntpInterval time between two polls of every SNTP server
 * @param probeChannels whether the signer reads the {@code Date} header of every channel endpoint's origin
 * @param probeInterval time between two probes of every channel origin
 * @param probeTimeout how long one probe waits for its answer
 * @param initialSyncTimeout how long start-up waits for the first samples before the consumers start
 * @param driftPpm how fast an old sample's error grows, in parts per million of its age
 * @param boundFloor added to every sample's error bound (scheduling jitter, clock read resolution)
 * @param maxSampleAge a sample older than this is forgotten
 * @param tolerance per provider id, how far a signature's timestamp may be from the provider's clock;
 *     defaults to the provider's signature window (DingTalk and Feishu 1 h, Tencent Cloud and Standard Webhooks 5 min)
 * @param simulatedHostSkew TESTING ONLY: added to the host clock as the signer sees it, to simulate a wrong
 *     host clock without changing the real one; logs a WARN at start-up when not zero
 */
@Validated
@ConfigurationProperties("herald.signer.clock")
public record ClockProperties(
        @DefaultValue List<String> sntpServers,
        @DefaultValue("1s") Duration sntpTimeout,
        @DefaultValue("64s") Duration sntpInterval,
        @DefaultValue("true") boolean probeChannels,
        @DefaultValue("5m") Duration probeInterval,
        @DefaultValue("3s") Duration probeTimeout,
        @DefaultValue("5s") Duration initialSyncTimeout,
        @DefaultValue("50") double driftPpm,
        @DefaultValue("5ms") Duration boundFloor,
        @DefaultValue("1d") Duration maxSampleAge,
        @DefaultValue Map<String, Duration> tolerance,
        @DefaultValue("0s") Duration simulatedHostSkew) {

    public ClockProperties {
        requirePositive("herald.signer.clock.sntp-timeout", sntpTimeout);
        requirePositive("herald.signer.clock.sntp-interval", sntpInterval);
        requirePositive("herald.signer.clock.probe-interval", probeInterval);
        requirePositive("herald.signer.clock.probe-timeout", probeTimeout);
        requirePositive("herald.signer.clock.max-sample-age", maxSampleAge);
        if (initialSyncTimeout == null || initialSyncTimeout.isNegative()) {
            throw new IllegalArgumentException("herald.signer.clock.initial-sync-timeout: must not be negative");
        }
        if (boundFloor == null || boundFloor.isNegative()) {
            throw new IllegalArgumentException("herald.signer.clock.bound-floor: must not be negative");
        }
        if (driftPpm < 0 || driftPpm > 10_000) {
            throw new IllegalArgumentException("herald.signer.clock.drift-ppm: must be between 0 and 10000");
        }
        for (String server : sntpServers) {
            SntpSource.parse(server); // throws naming the property
        }
        tolerance.forEach((id, value) -> {
            if (Provider.byId(id).isEmpty()) {
                throw new IllegalArgumentException("herald.signer.clock.tolerance." + id + ": unknown provider (known: "
                        + Provider.knownIds() + ")");
            }
            requirePositive("herald.signer.clock.tolerance." + id, value);
        });
        sntpServers = List.copyOf(sntpServers);
        tolerance = Map.copyOf(tolerance);
    }

    /** Defaults, as in {@code application.yml}: no SNTP server, channel probes on. */
    public static ClockProperties defaults() {
        return new ClockProperties(
                List.of(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(64),
                true,
                Duration.ofMinutes(5),
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                50,
                Duration.ofMillis(5),
                Duration.ofDays(1),
                Map.of(),
                Duration.ZERO);
    }

    /** The provider's tolerance, or empty when it stamps no time into its requests. */
    public Optional<Duration> toleranceOf(Provider provider) {
        Duration configured = tolerance.get(provider.id());
        if (configured != null) {
            return Optional.of(configured);
        }
        Duration window = provider.signatureWindow();
        return window.isZero() ? Optional.empty() : Optional.of(window);
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || !value.isPositive()) {
            throw new IllegalArgumentException(property + ": must be a positive duration");
        }
    }
}
