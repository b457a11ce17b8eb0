package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static final MachineFacts MACHINE =
            new MachineFacts(2, "AMD EPYC", 23_000, "OpenJDK 25", "Linux", "1.00 1.00 1.00");
    private static final BenchSettings SETTINGS = new BenchSettings(
            1_000,
            1000,
            100,
            64,
            6,
            Duration.ofSeconds(600),
            Duration.ofSeconds(60),
            1000,
            false,
            Map.of(),
            Map.of(),
            Path.of("/tmp/bench"));

    @Test
    void throughputIsDeliveriesOverTheWindowAndRatioIsAgainstTheRawBroker() {
        BenchReport report = report(
                1_000,
                2_000_000_000L,
                latencies(),
                lossFree(),
                new RawProducerRate.Result(200_000, 100_000, 20, 5, 30));

        assertThat(report.throughput()).isEqualTo(500.0);
        assertThat(report.ratioToRaw()).isEqualTo(0.005);
        assertThat(report.toMarkdown()).contains("**500 notifications/s** over 2.0 s", "0.0050 (1 : 200)");
    }

    @Test
    void steadyThroughputLeavesOutTheFirstAndLastTenthOfArrivals() {
        // 100 arrivals: a slow start (10 over 10 s), then one every 10 ms, then a slow tail
        long[] arrivals = new long[100];
        for (int i = 0; i < 100; i++) {
            arrivals[i] = i < 10 ? i * 1_000_000_000L : 10_000_000_000L + (i - 10) * 10_000_000L;
        }
        arrivals[99] = 60_000_000_000L;

        // from arrival 10 to arrival 89: 79 intervals of 10 ms
        assertThat(BenchReport.steady(arrivals)).isCloseTo(100.0, offset(0.01));
        assertThat(BenchReport.steady(new long[] {1, 2, 3})).isNaN();
        assertThat(report(1_000, 1_000_000_000L, latencies(), lossFree(), null).toMarkdown())
                .contains("| steady throughput (10th→90th percentile of arrivals) | 400 notifications/s |");
    }

    @Test
    void percentilesComeFromTheHistogramInMilliseconds() {
        BenchReport report = report(1_000, 1_000_000_000L, latencies(), lossFree(), null);

        // 1..1000 ms, one each
        assertThat(report.latencyMs(50)).isCloseTo(500, offset(1.0));
        assertThat(report.latencyMs(99)).isCloseTo(990, offset(1.0));
        assertThat(report.latencyMs(99.9)).isCloseTo(999, offset(1.0));
        assertThat(report.maxLatencyMs()).isCloseTo(1000, offset(1.0));
        assertThat(report.ratioToRaw()).isNaN();
        assertThat(report.toMarkdown()).contains("| **pipeline / raw broker** | **n/a** |");
    }

    @Test
    void anyMissingNotificationFailsTheRun() {
        LossAccount loss =
                LossAccount.of(5, Map.of("a", "DELIVERED", "b", "DEAD_LETTERED", "c", "RETRYING", "d", "REJECTED"));

        assertThat(loss.delivered()).isEqualTo(1);
        assertThat(loss.deadLettered()).isEqualTo(1);
        assertThat(loss.inFlight()).isEqualTo(1);
        assertThat(loss.rejected()).isEqualTo(1);
        assertThat(loss.absent()).isEqualTo(1);
        assertThat(loss.missing()).isEqualTo(3);
        BenchReport report = report(1_000, 1_000_000_000L, latencies(), loss, null);
        assertThat(report.passed()).isFalse();
        assertThat(report.toMarkdown())
                .contains("FAIL: 3 missing in the audit store", "| 5 | 1 | 1 | 1 | 1 | 1 | **3** ❌ |");
    }

    @Test
    void deliveredOrDeadLetteredIsNoLoss() {
        LossAccount loss = LossAccount.of(2, Map.of("a", "DELIVERED", "b", "DEAD_LETTERED"));

        assertThat(loss.lossFree()).isTrue();
        assertThat(report(1_000, 1_000_000_000L, latencies(), loss, null).passed())
                .isTrue();
    }

    @Test
    void aRunWithoutALossCheckOrThatTimedOutFails() {
        assertThat(report(1_000, 1_000_000_000L, latencies(), null, null).passed())
                .isFalse();
        BenchReport timedOut = new BenchReport(
                "cmd",
                Instant.EPOCH,
                MACHINE,
                "1 1 1",
                Duration.ofSeconds(40),
                SETTINGS,
                120,
                1_000,
                0,
                1,
                10,
                0,
                Map.of(),
                1,
                Double.NaN,
                false,
                latencies(),
                lossFree(),
                null,
                null,
                "x",
                List.of(),
                List.of());
        assertThat(timedOut.passed()).isFalse();
        assertThat(timedOut.toMarkdown()).contains("not every notification arrived within the timeout");
    }

    @Test
    void rateIsANumberOrMax() {
        assertThat(BenchCommand.parseRate("max")).isZero();
        assertThat(BenchCommand.parseRate("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> BenchCommand.parseRate("0")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> BenchCommand.parseRate("fast")).hasMessageContaining("--rate");
    }

    @Test
    void producerPerformanceSummaryIsTheLastLineWithPercentiles() {
        String output = """
                498577 records sent, 99695.4 records/sec (11.96 MB/sec), 150.3 ms avg latency, 430.0 ms max latency.
                1000000 records sent, 101245.2 records/sec (12.15 MB/sec), 140.21 ms avg latency, 430.00 ms max latency, \
                120 ms 50th, 300 ms 95th, 380 ms 99th, 420 ms 99.9th.
                """;

        assertThat(RawProducerRate.parse(output))
                .contains(new RawProducerRate.Result(1_000_000, 101245.2, 12.15, 140.21, 380));
        assertThat(RawProducerRate.parse("Exception in thread main")).isEmpty();
    }

    private static BenchReport report(
            long delivered, long windowNanos, Histogram latency, LossAccount loss, RawProducerRate.Result raw) {
        return new BenchReport(
                "cmd",
                Instant.EPOCH,
                MACHINE,
                "1 1 1",
                Duration.ofSeconds(40),
                SETTINGS,
                120,
                delivered,
                0,
                windowNanos,
                delivered,
                0,
                Map.of(),
                windowNanos,
                400.0,
                true,
                latency,
                loss,
                loss == null ? "down" : null,
                raw,
                raw == null ? "not run" : null,
                List.of(),
                List.of());
    }

    private static Histogram latencies() {
        Histogram histogram = new Histogram(3);
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.recordValue(ms * 1000L);
        }
        return histogram;
    }

    private static LossAccount lossFree() {
        return LossAccount.of(1, Map.of("a", "DELIVERED"));
    }
}
