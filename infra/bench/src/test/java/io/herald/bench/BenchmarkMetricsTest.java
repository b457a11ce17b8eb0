package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarkMetricsTest {

    private static final String SCRAPE = """
            # HELP herald_dispatcher_ordering_waits_total Tries not made
            # TYPE herald_dispatcher_ordering_waits_total counter
            herald_dispatcher_ordering_waits_total{channel="bench-000",provider="webhook",why="behind"} 120.0
            herald_dispatcher_ordering_waits_total{channel="bench-001",provider="webhook",why="behind"} 3.0
            herald_dispatcher_deliveries_total{channel="bench-000",provider="webhook",result="retry"} 7.0
            herald_dispatcher_deliveries_total{channel="bench-000",provider="webhook",result="delivered"} 900.0
            herald_dispatcher_ordering_waiting{channel="bench-000"} 0.0
            """;

    @Test
    void aCountersSeriesAreSummedAndFilteredByLabel() {
        assertThat(Benchmark.metricSum(SCRAPE, "herald_dispatcher_ordering_waits_total"))
                .isEqualTo(123.0);
        assertThat(Benchmark.metricSum(SCRAPE, "herald_dispatcher_deliveries_total", "result=\"retry\""))
                .isEqualTo(7.0);
        assertThat(Benchmark.metricSum(SCRAPE, "herald_dispatcher_ordering_waiting_total"))
                .isZero();
        assertThat(Benchmark.metricSum("", "herald_dispatcher_attempts_total")).isZero();
    }
}
