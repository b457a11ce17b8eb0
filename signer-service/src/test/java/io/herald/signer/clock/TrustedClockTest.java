package io.herald.signer.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.signer.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedClockTest {

    private final MutableClock host = new MutableClock(Instant.parse("2026-01-01T02:00:00Z"));
    private final TrustedClock clock = new TrustedClock(host, ClockProperties.defaults());

    @Test
    void signsWithHostTimePlusTheEstimatedOffset() {
        // the host clock is 2 hours ahead
        clock.record(new ClockSample("sntp:ntp:123", Duration.ofHours(-2), Duration.ofMillis(3), host.instant()));

        assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(clock.check(Provider.of("tencentcloud")).signable()).isTrue();
        assertThat(clock.check(Provider.of("dingtalk")).signable()).isTrue();
    }

    @Test
    void withoutAnySourceProvidersWithATimeWindowAreRefusedAndTheOthersSigned() {
        assertThat(clock.check(Provider.of("tencentcloud")))
                .isEqualTo(new TrustedClock.Verdict(
                        false,
                        "clock error bound unknown (no time source reachable) exceeds tencentcloud tolerance 300 s"));
        assertThat(clock.check(Provider.of("dingtalk")).reason()).endsWith("exceeds dingtalk tolerance 3600 s");
        assertThat(clock.check(Provider.of("wecom")).signable()).isTrue();
        assertThat(clock.check(Provider.of("slack")).signable()).isTrue();
        assertThat(clock.check(Provider.of("dogecloud")).signable()).isTrue();
        assertThat(clock.now()).isEqualTo(host.instant());
    }

    @Test
    void providerIsRefusedOnceTheBoundReachesHalfItsTolerance() {
        clock.record(
                new ClockSample("http:https://example.org", Duration.ZERO, Duration.ofSeconds(149), host.instant()));
        assertThat(clock.check(Provider.of("tencentcloud")).signable()).isTrue();

        // the sample ages: 50 ppm × 20000 s = 1 s more
        host.advance(Duration.ofSeconds(20_000));

        TrustedClock.Verdict verdict = clock.check(Provider.of("tencentcloud"));
        assertThat(verdict.signable()).isFalse();
        assertThat(verdict.reason())
                .startsWith("clock error bound 150.005 s exceeds half of tencentcloud tolerance 300 s");
        assertThat(clock.check(Provider.of("dingtalk")).signable()).isTrue();
    }

    @Test
    void configuredToleranceOverridesTheProvidersWindow() {
        ClockProperties properties = new ClockProperties(
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
                Map.of("webhook", Duration.ofSeconds(10)),
                Duration.ZERO);
        TrustedClock strict = new TrustedClock(host, properties);
        strict.record(new ClockSample("sntp:a:123", Duration.ZERO, Duration.ofSeconds(6), host.instant()));

        assertThat(strict.check(Provider.of("webhook")).signable()).isFalse();
        assertThat(strict.check(Provider.of("tencentcloud")).signable()).isTrue();
    }

    @Test
    void aSourceThatFailsKeepsItsLastSampleAndShowsTheError() {
        clock.record(new ClockSample("sntp:a:123", Duration.ZERO, Duration.ofMillis(1), host.instant()));
        clock.failed("sntp:a:123", "SocketTimeoutException: Receive timed out");

        TrustedClock.SourceState state = clock.sources().get("sntp:a:123");
        assertThat(state.sample()).isPresent();
        assertThat(state.lastError()).contains("SocketTimeoutException: Receive timed out");
        assertThat(clock.estimate()).isPresent();
    }

    @Test
    void verdictCarriesTheTrustedTimeItWasJudgedAt() {
        assertThat(clock.check(Provider.of("tencentcloud")).at()).isEqualTo(host.instant());
        // the host clock is 2 hours ahead
        clock.record(new ClockSample("sntp:ntp:123", Duration.ofHours(-2), Duration.ofMillis(3), host.instant()));

        assertThat(clock.check(Provider.of("tencentcloud")).at())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"))
                .isEqualTo(clock.now());
        assertThat(clock.check(Provider.of("wecom")).at()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void verdictReasonReadLaterStillDescribesTheMomentItWasJudged() {
        clock.record(
                new ClockSample("http:https://example.org", Duration.ZERO, Duration.ofSeconds(149), host.instant()));
        TrustedClock.Verdict signable = clock.check(Provider.of("tencentcloud"));
        clock.record(new ClockSample("sntp:b:123", Duration.ofHours(1), Duration.ofMillis(1), host.instant()));
        TrustedClock.Verdict disagreeing = clock.check(Provider.of("dingtalk"));

        // the samples age past what made either verdict: both still say what was true when they were made
        host.advance(Duration.ofDays(2));

        assertThat(signable.signable()).isTrue();
        assertThat(signable.reason())
                .isEqualTo("clock error bound 149.005 s is within half of tencentcloud tolerance 300 s");
        assertThat(disagreeing.signable()).isFalse();
        assertThat(disagreeing.reason())
                .isEqualTo(
                        "clock error bound unknown (time sources disagree: no majority) exceeds dingtalk tolerance 3600 s");
        assertThat(clock.check(Provider.of("dingtalk")).reason())
                .isEqualTo("clock error bound unknown (no time source reachable) exceeds dingtalk tolerance 3600 s");
        assertThat(clock.check(Provider.of("wecom")))
                .isEqualTo(new TrustedClock.Verdict(true, "no timestamp in wecom requests"));
    }

    @Test
    void hostClockAheadIsNamedWithTheAmount() {
        assertThat(TrustedClock.describeHost(Duration.ofSeconds(-7212)))
                .isEqualTo("host clock is 7212 s ahead of true time");
        assertThat(TrustedClock.describeHost(Duration.ofSeconds(30))).isEqualTo("host clock is 30 s behind true time");
    }

    @Test
    void simulatedSkewMovesTheHostClockAsTheSignerSeesIt() {
        ClockProperties skewed = new ClockProperties(
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
                Duration.ofHours(2));

        Duration difference =
                Duration.between(Instant.now(), TrustedClock.hostClock(skewed).instant());

        assertThat(difference)
                .isBetween(
                        Duration.ofHours(2).minusSeconds(5), Duration.ofHours(2).plusSeconds(5));
    }

    @Test
    void sampleOlderThanTheMaximumAgeIsForgottenAndTheSourceCountsAsUnreachable() {
        clock.record(new ClockSample("sntp:a:123", Duration.ZERO, Duration.ofMillis(1), host.instant()));

        host.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(clock.estimate()).isEmpty();
        assertThat(clock.check(Provider.of("dingtalk")).reason())
                .isEqualTo("clock error bound unknown (no time source reachable) exceeds dingtalk tolerance 3600 s");
    }

    @Test
    void twoSourcesThatDisagreeAreNamedAsTheReason() {
        clock.record(new ClockSample("sntp:a:123", Duration.ZERO, Duration.ofMillis(1), host.instant()));
        clock.record(new ClockSample("sntp:b:123", Duration.ofHours(1), Duration.ofMillis(1), host.instant()));

        assertThat(clock.check(Provider.of("dingtalk")).reason())
                .isEqualTo(
                        "clock error bound unknown (time sources disagree: no majority) exceeds dingtalk tolerance 3600 s");
    }

    @Test
    void hostClockThatAgreesWithTheSourcesWithinTheBoundIsNotCorrected() {
        // an HTTP Date sample: good to about a second; the host is 0.3 s off at most, within that
        clock.record(new ClockSample(
                "http:https://example.org", Duration.ofMillis(-300), Duration.ofMillis(1020), host.instant()));

        assertThat(clock.now()).isEqualTo(host.instant());
        ClockEstimate estimate = clock.estimate().orElseThrow();
        assertThat(estimate.offset()).isZero();
        // the uncorrected 0.3 s is added to the bound
        assertThat(estimate.bound()).isEqualTo(Duration.ofMillis(1325));
    }
}
