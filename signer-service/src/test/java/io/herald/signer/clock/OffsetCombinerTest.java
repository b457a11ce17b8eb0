package io.herald.signer.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetCombinerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static ClockSample sample(String source, long offsetMillis, long errorMillis) {
        return new ClockSample(source, Duration.ofMillis(offsetMillis), Duration.ofMillis(errorMillis), NOW);
    }

    private static ClockEstimate combine(ClockSample... samples) {
        return OffsetCombiner.combine(List.of(samples), NOW, 0, Duration.ZERO).orElseThrow();
    }

    @Test
    void singleSourceIsTheEstimate() {
        ClockEstimate estimate = combine(sample("a", 7_200_000, 20));

        assertThat(estimate.offset()).isEqualTo(Duration.ofMillis(7_200_000));
        assertThat(estimate.bound()).isEqualTo(Duration.ofMillis(20));
        assertThat(estimate.truechimers()).containsExactly("a");
    }

    @Test
    void oneWrongServerAmongThreeIsAFalsetickerAndDoesNotMoveTheEstimate() {
        ClockEstimate estimate = combine(sample("a", 100, 10), sample("b", 104, 10), sample("liar", 3_600_000, 5));

        assertThat(estimate.falsetickers()).containsExactly("liar");
        assertThat(estimate.truechimers()).containsExactlyInAnyOrder("a", "b");
        // the intersection of [90,110] and [94,114] is [94,110]
        assertThat(estimate.offset()).isEqualTo(Duration.ofMillis(102));
        assertThat(estimate.bound()).isEqualTo(Duration.ofMillis(8));
    }

    @Test
    void twoSourcesThatDisagreeGiveNoEstimate() {
        assertThat(OffsetCombiner.combine(List.of(sample("a", 0, 10), sample("b", 5_000, 10)), NOW, 0, Duration.ZERO))
                .isEmpty();
    }

    @Test
    void noSampleGivesNoEstimate() {
        assertThat(OffsetCombiner.combine(List.of(), NOW, 50, Duration.ZERO)).isEmpty();
    }

    @Test
    void aWideHttpDateSampleAgreesWithANarrowSntpSample() {
        ClockEstimate estimate = combine(sample("sntp", -7_212_000, 2), sample("http", -7_212_400, 1_050));

        assertThat(estimate.falsetickers()).isEmpty();
        assertThat(estimate.offset()).isEqualTo(Duration.ofMillis(-7_212_000));
        assertThat(estimate.bound()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void boundGrowsWithTheSamplesAgeAtTheDriftAllowance() {
        ClockSample old = new ClockSample("a", Duration.ZERO, Duration.ofMillis(10), NOW.minusSeconds(1000));

        // 1000 s × 50 ppm = 50 ms, + 10 ms error + 5 ms floor
        assertThat(old.boundAt(NOW, 50, Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(65));
    }
}
