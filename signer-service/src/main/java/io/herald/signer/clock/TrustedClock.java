package io.herald.signer.clock;

import io.herald.contract.provider.Provider;
import io.herald.schema.SigningClockState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signer's time: host time plus an offset estimated from SNTP servers and provider {@code Date} headers
 * ({@link ClockSample}s, combined by {@link OffsetCombiner}), with an error bound; it never changes the host clock.
 * {@link #check(Provider)} refuses a provider whose tolerance does not exceed twice the bound (a margin for the
 * provider's own clock error and the request's time in flight).
 */
public class TrustedClock implements SigningClock {

    private static final Logger log = LoggerFactory.getLogger(TrustedClock.class);
    /** A host clock further off than this (and than the bound) is warned about. */
    private static final Duration WARN_OFFSET = Duration.ofSeconds(1);

    /**
     * Whether a provider can be signed for now, and why not, judged at one reading of the trusted clock: {@link #at()}
     * is that reading, so a signature stamped with it carries the very time whose bound was checked. The reason is
     * written only when someone reads it (a refusal, health, the preview): on the signing path nobody does, and
     * formatting it for every notification was a measurable part of the signer's CPU. Two verdicts are equal when they
     * say the same thing (signable and reason), whenever they were made.
     */
    public static final class Verdict {

        private final boolean signable;
        private final Instant at;
        private final Supplier<String> reason;
        private final SigningClockState state;

        /** A verdict with a fixed reason; {@link #at()} is {@code null}: it was not judged on the clock. */
        public Verdict(boolean signable, String reason) {
            this(signable, null, () -> reason);
        }

        /** @param at the trusted instant it was judged at */
        public Verdict(boolean signable, Instant at, String reason) {
            this(signable, at, () -> reason);
        }

        private Verdict(boolean signable, Instant at, Supplier<String> reason) {
            this(signable, at, reason, null);
        }

        private Verdict(boolean signable, Instant at, Supplier<String> reason, SigningClockState state) {
            this.signable = signable;
            this.at = at;
            this.reason = reason;
            this.state = state;
        }

        /**
         * The estimate this verdict was judged with (offset, error bound, the provider's tolerance, 0 when it stamps no
         * time), stamped on the signature so a rejection can be explained; {@code null} without an estimate.
         */
        public SigningClockState state() {
            return state;
        }

        public boolean signable() {
            return signable;
        }

        /** Why (not), for people: e.g. {@code clock error bound 0.008 s is within half of webhook tolerance 300 s}. */
        public String reason() {
            return reason.get();
        }

        /** The trusted time (host time plus the estimated offset) this verdict was judged at. */
        public Instant at() {
            return at;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Verdict that
                    && signable == that.signable
                    && Objects.equals(reason(), that.reason());
        }

        @Override
        public int hashCode() {
            return Objects.hash(signable, reason());
        }

        @Override
        public String toString() {
            return "Verdict[signable=" + signable + ", reason=" + reason() + "]";
        }
    }

    /** What a source last said: its sample (if any ever) and its last failure (if the last try failed). */
    public record SourceState(Optional<ClockSample> sample, Optional<String> lastError, Instant lastTry) {}

    private final Clock host;
    private final ClockProperties properties;
    private final Map<String, SourceState> sources = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long warnedOffsetSeconds = 0;

    public TrustedClock(Clock host, ClockProperties properties) {
        this.host = host;
        this.properties = properties;
    }

    /** The host clock as the signer sees it: the system clock plus {@code simulated-host-skew} (testing only). */
    public static Clock hostClock(ClockProperties properties) {
        return properties.simulatedHostSkew().isZero()
                ? Clock.systemUTC()
                : Clock.offset(Clock.systemUTC(), properties.simulatedHostSkew());
    }

    public Instant hostNow() {
        return host.instant();
    }

    @Override
    public Instant now() {
        Instant hostNow = host.instant();
        return estimateAt(hostNow).map(e -> hostNow.plus(e.offset())).orElse(hostNow);
    }

    /** Records a fresh sample from its source and warns when it shows the host clock is off. */
    public void record(ClockSample sample) {
        sources.put(sample.source(), new SourceState(Optional.of(sample), Optional.empty(), sample.takenAt()));
        estimate().ifPresent(this::warnIfHostIsOff);
        listeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every new sample (e.g. to register a metric for a new source). */
    public void onSample(Runnable listener) {
        listeners.add(listener);
    }

    /** Records that {@code source} could not be read; its last sample is kept (it ages). */
    public void failed(String source, String reason) {
        sources.compute(
                source,
                (name, previous) -> new SourceState(
                        previous == null ? Optional.empty() : previous.sample(), Optional.of(reason), host.instant()));
    }

    public Optional<ClockEstimate> estimate() {
        return estimateAt(host.instant());
    }

    /**
     * The correction the signer applies, with the error bound of the time it signs with. The host clock is left
     * alone (offset zero) while the sources agree with it within their bound, so a synchronised host keeps its own,
     * finer time (an HTTP {@code Date} sample is only good to about a second) and stays consistent with the other
     * services' clocks; the bound then grows by the uncorrected part. Otherwise the combined offset is applied.
     */
    private Optional<ClockEstimate> estimateAt(Instant hostNow) {
        return OffsetCombiner.combine(usableSamples(hostNow), hostNow, properties.driftPpm(), properties.boundFloor())
                .map(e -> e.offset().abs().compareTo(e.bound()) <= 0
                        ? new ClockEstimate(
                                Duration.ZERO, e.bound().plus(e.offset().abs()), e.truechimers(), e.falsetickers())
                        : e);
    }

    /** The latest sample of every source, unless older than {@code max-sample-age}. */
    private List<ClockSample> usableSamples(Instant hostNow) {
        List<ClockSample> samples = new ArrayList<>();
        for (SourceState state : sources.values()) {
            if (state.sample().isPresent()) {
                ClockSample sample = state.sample().get();
                if (Duration.between(sample.takenAt(), hostNow).abs().compareTo(properties.maxSampleAge()) <= 0) {
                    samples.add(sample);
                }
            }
        }
        return samples;
    }

    /** Sources by name, for health. */
    public Map<String, SourceState> sources() {
        return new TreeMap<>(sources);
    }

    public ClockProperties properties() {
        return properties;
    }

    /**
     * Whether {@code provider} can be signed for now (always for providers that stamp no time), and the trusted time
     * it was judged at. The estimate is computed once for both: sign with {@link Verdict#at()} rather than asking
     * {@link #now()} again. Without any estimate the bound is unknown (infinite): providers that stamp a time are
     * refused.
     */
    public Verdict check(Provider provider) {
        Instant hostNow = host.instant();
        Optional<ClockEstimate> estimate = estimateAt(hostNow);
        Instant at = estimate.isPresent() ? hostNow.plus(estimate.get().offset()) : hostNow;
        Optional<Duration> tolerance = properties.toleranceOf(provider);
        if (tolerance.isEmpty()) {
            return new Verdict(
                    true,
                    at,
                    () -> "no timestamp in " + provider.id() + " requests",
                    estimate.map(e -> new SigningClockState(
                                    e.offset().toMillis(), e.bound().toMillis(), 0L))
                            .orElse(null));
        }
        long toleranceSeconds = tolerance.get().toSeconds();
        if (estimate.isEmpty()) {
            // decided now, not when the reason is read: samples age
            boolean anySample = !usableSamples(hostNow).isEmpty();
            return new Verdict(
                    false,
                    at,
                    () -> "clock error bound unknown ("
                            + (anySample ? "time sources disagree: no majority" : "no time source reachable")
                            + ") exceeds " + provider.id()
                            + " tolerance " + toleranceSeconds + " s");
        }
        Duration bound = estimate.get().bound();
        SigningClockState state = new SigningClockState(
                estimate.get().offset().toMillis(),
                bound.toMillis(),
                tolerance.get().toMillis());
        // bound + bound, not multipliedBy(2), which goes through BigDecimal: same result, a fraction of the cost
        if (bound.plus(bound).compareTo(tolerance.get()) >= 0) {
            return new Verdict(
                    false,
                    at,
                    () -> "clock error bound " + seconds(bound) + " s exceeds half of " + provider.id() + " tolerance "
                            + toleranceSeconds + " s",
                    state);
        }
        return new Verdict(
                true,
                at,
                () -> "clock error bound " + seconds(bound) + " s is within half of " + provider.id() + " tolerance "
                        + toleranceSeconds + " s",
                state);
    }

    private void warnIfHostIsOff(ClockEstimate estimate) {
        Duration offset = estimate.offset();
        if (offset.abs().compareTo(WARN_OFFSET) <= 0 || offset.abs().compareTo(estimate.bound()) <= 0) {
            warnedOffsetSeconds = 0;
            return;
        }
        long offSeconds = Math.round(offset.toMillis() / 1000.0);
        if (offSeconds != warnedOffsetSeconds) {
            warnedOffsetSeconds = offSeconds;
            log.warn(
                    "{}; signing with corrected time (± {} s, sources {})",
                    describeHost(offset),
                    seconds(estimate.bound()),
                    estimate.truechimers());
        }
    }

    /** E.g. {@code host clock is 7212 s ahead of true time}. */
    public static String describeHost(Duration offset) {
        long s = Math.round(Math.abs(offset.toMillis()) / 1000.0);
        // offset = true - host: a negative offset means the host clock runs ahead
        return "host clock is " + s + " s " + (offset.isNegative() ? "ahead of" : "behind") + " true time";
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
