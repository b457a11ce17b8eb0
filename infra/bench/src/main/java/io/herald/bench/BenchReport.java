package io.herald.bench;

import io.herald.bench.ProcessSampler.ProcessUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything one {@code herald bench} run measured, and its markdown rendering (printed and written to a file). The
 * arithmetic lives here so it is tested on its own: throughput, percentiles, the ratio to the raw broker, targets.
 *
 * @param published       notifications published in the measured run (acknowledged or not)
 * @param publishFailures sends the broker did not acknowledge
 * @param publishNanos    time from the first intended send to the end of the producer flush
 * @param delivered       notifications the sandbox accepted (first accepted receipt each)
 * @param windowNanos     first intended send to the last first receipt (or to the timeout)
 * @param steadyThroughput receipts per second between the 10th and the 90th percentile receipt (see {@link #steady})
 * @param completed       every notification arrived before the timeout
 * @param latencyMicros   publish (intended) to receipt, microseconds
 * @param loss            the audit store's account, or null when the check failed ({@code auditError} says why)
 * @param raw             ProducerPerformance's result, or null when it failed ({@code rawError} says why)
 */
record BenchReport(
        String command,
        Instant date,
        MachineFacts machine,
        String loadAverageAfter,
        Duration stackUp,
        BenchSettings settings,
        int recordBytes,
        long published,
        long publishFailures,
        long publishNanos,
        long delivered,
        long duplicates,
        Map<String, Long> rejectedReceipts,
        long windowNanos,
        double steadyThroughput,
        boolean completed,
        Histogram latencyMicros,
        LossAccount loss,
        String auditError,
        RawProducerRate.Result raw,
        String rawError,
        List<ProcessUsage> processes,
        List<Path> jfrFiles) {

    static final Duration STACK_UP_TARGET = Duration.ofSeconds(60);
    static final double THROUGHPUT_TARGET = 5_000;
    static final double P99_TARGET_MS = 250;
    static final double RSS_TARGET_MIB = 350;

    /** Events per second; 0 for an empty window. */
    static double perSecond(long events, long nanos) {
        return nanos <= 0 ? 0 : events * 1e9 / nanos;
    }

    /**
     * Receipts per second from the 10 % to the 90 % point of the arrivals: the rate once the pipeline is flowing,
     * without the start (consumers joining, JIT) and the tail. NaN for fewer than 10 arrivals.
     *
     * @param sortedReceiptNanos arrival times, ascending
     */
    static double steady(long[] sortedReceiptNanos) {
        int n = sortedReceiptNanos.length;
        if (n < 10) {
            return Double.NaN;
        }
        int from = n / 10;
        int to = n - 1 - n / 10;
        return perSecond(to - from, sortedReceiptNanos[to] - sortedReceiptNanos[from]);
    }

    /** Notifications fully through (accepted by the sandbox) per second of the measured window. */
    double throughput() {
        return perSecond(delivered, windowNanos);
    }

    /** Pipeline throughput as a share of the raw broker's produce rate, or NaN without a raw rate. */
    double ratioToRaw() {
        return raw == null || raw.recordsPerSecond() <= 0 ? Double.NaN : throughput() / raw.recordsPerSecond();
    }

    /** A latency percentile in milliseconds, NaN when nothing was received. */
    double latencyMs(double percentile) {
        return latencyMicros.getTotalCount() == 0
                ? Double.NaN
                : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxLatencyMs() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }

    /** Passed: every notification arrived, none was lost per the audit store, every publish was acknowledged. */
    boolean passed() {
        return completed && publishFailures == 0 && loss != null && loss.lossFree();
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        line(md, "# Herald pipeline benchmark, %s", date.truncatedTo(ChronoUnit.SECONDS));
        line(md, "");
        line(md, "`%s`", command);
        line(md, "");
        line(md, "| machine | |");
        line(md, "|---|---|");
        line(md, "| CPUs | %d × %s |", machine.cpus(), machine.cpuModel());
        line(md, "| memory | %,d MiB |", machine.memoryMib());
        line(md, "| JDK | %s |", machine.jdk());
        line(md, "| OS | %s |", machine.os());
        line(md, "| load average (1/5/15 min) before → after | %s → %s |", machine.loadAverage(), loadAverageAfter);
        line(md, "");
        line(md, "## Result: %s", passed() ? "PASS (complete, no loss)" : "FAIL" + failureReasons());
        line(md, "");
        line(md, "| measure | value | target |");
        line(md, "|---|---|---|");
        line(
                md,
                "| stack up | %.1f s | ≤ %d s %s |",
                stackUp.toMillis() / 1000.0,
                STACK_UP_TARGET.toSeconds(),
                mark(stackUp.compareTo(STACK_UP_TARGET) <= 0));
        line(
                md,
                "| offered rate | %s | |",
                settings.rate() == 0 ? "max" : String.format(Locale.ROOT, "%,d/s", settings.rate()));
        line(
                md,
                "| published (measured run) | %,d in %.1f s = %,.0f/s%s | |",
                published,
                publishNanos / 1e9,
                perSecond(published, publishNanos),
                publishFailures == 0 ? "" : ", " + publishFailures + " NOT acknowledged");
        line(
                md,
                "| delivered to the sandbox | %,d of %,d%s | all |",
                delivered,
                published,
                completed ? "" : " (timed out after " + settings.timeout().toSeconds() + " s)");
        line(
                md,
                "| **sustained throughput** | **%,.0f notifications/s** over %.1f s | ≥ %,.0f/s %s |",
                throughput(),
                windowNanos / 1e9,
                THROUGHPUT_TARGET,
                mark(throughput() >= THROUGHPUT_TARGET));
        line(
                md,
                "| steady throughput (10th→90th percentile of arrivals) | %s | |",
                Double.isNaN(steadyThroughput)
                        ? "n/a"
                        : String.format(Locale.ROOT, "%,.0f notifications/s", steadyThroughput));
        line(
                md,
                "| raw broker produce rate (ProducerPerformance, %d B records) | %s | |",
                recordBytes,
                raw == null
                        ? "not measured: " + rawError
                        : String.format(
                                Locale.ROOT,
                                "%,.0f records/s (%.1f MB/s, p99 %d ms)",
                                raw.recordsPerSecond(),
                                raw.megabytesPerSecond(),
                                raw.p99LatencyMs()));
        line(
                md,
                "| **pipeline / raw broker** | **%s** | |",
                Double.isNaN(ratioToRaw())
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.4f (1 : %,.0f)", ratioToRaw(), 1 / ratioToRaw()));
        line(md, "| latency p50 | %s | |", ms(latencyMs(50)));
        line(
                md,
                "| **latency p99** | **%s** | ≤ %.0f ms at 1,000/s %s |",
                ms(latencyMs(99)),
                P99_TARGET_MS,
                settings.rate() == 1000 ? mark(latencyMs(99) <= P99_TARGET_MS) : "");
        line(md, "| latency p99.9 | %s | |", ms(latencyMs(99.9)));
        line(md, "| latency max | %s | |", ms(maxLatencyMs()));
        line(md, "| duplicate receipts (at-least-once) | %,d | |", duplicates);
        line(
                md,
                "| receipts the sandbox refused (retried by the pipeline) | %s | |",
                rejectedReceipts.isEmpty() ? "0" : rejectedReceipts.toString());
        line(md, "");
        line(
                md,
                "Latency is from the intended publish time (fixed rate: start + i/rate, so a stalled publisher does not");
        line(md, "hide delay) to the sandbox accepting the request, both on this JVM's clock. Throughput counts");
        line(md, "notifications accepted by the sandbox from the first intended send to the last receipt.");
        line(md, "");
        line(md, "## Loss (audit store, every notification id of the run)");
        line(md, "");
        if (loss == null) {
            line(md, "Not checked: %s", auditError);
        } else {
            line(md, "| published | delivered | dead-lettered | in flight | rejected | not in store | **missing** |");
            line(md, "|---|---|---|---|---|---|---|");
            line(
                    md,
                    "| %,d | %,d | %,d | %,d | %,d | %,d | **%,d** %s |",
                    loss.expected(),
                    loss.delivered(),
                    loss.deadLettered(),
                    loss.inFlight(),
                    loss.rejected(),
                    loss.absent(),
                    loss.missing(),
                    mark(loss.lossFree()));
        }
        line(md, "");
        line(md, "## Processes during the measured run");
        line(md, "");
        line(md, "| process | pid | CPU (avg, 100%% = 1 core) | peak RSS | RSS target |");
        line(md, "|---|---|---|---|---|");
        for (ProcessUsage usage : processes) {
            boolean service = SERVICES.contains(usage.name());
            line(
                    md,
                    "| %s | %d | %.0f%% | %.0f MiB | %s |",
                    usage.name(),
                    usage.pid(),
                    usage.cpuPercent(),
                    usage.peakRssMib(),
                    service ? "≤ " + (int) RSS_TARGET_MIB + " MiB " + mark(usage.peakRssMib() <= RSS_TARGET_MIB) : "");
        }
        line(
                md,
                "| **all** | | %.0f%% of %d00%% | %.0f MiB | |",
                processes.stream().mapToDouble(ProcessUsage::cpuPercent).sum(),
                machine.cpus(),
                processes.stream().mapToDouble(ProcessUsage::peakRssMib).sum());
        line(md, "");
        line(md, "PostgreSQL counts the postmaster and its backends (shared buffers are counted once per process).");
        line(md, "`bench` is this JVM: the load generator, the provider sandbox and the latency bookkeeping.");
        if (!jfrFiles.isEmpty()) {
            line(md, "");
            line(md, "## Flight recordings");
            line(md, "");
            jfrFiles.forEach(file -> line(md, "- `%s`", file));
        }
        line(md, "");
        line(md, "## Settings");
        line(md, "");
        line(
                md,
                "count %,d, warm-up %,d, %d channels (provider webhook, no rate limit), %d partitions, record %d B, timeout %d s",
                settings.count(),
                settings.warmup(),
                settings.channels(),
                settings.partitions(),
                recordBytes,
                settings.timeout().toSeconds());
        return md.toString();
    }

    private static final List<String> SERVICES = List.of("ingest", "signer", "dispatcher", "audit");

    private String failureReasons() {
        StringBuilder reasons = new StringBuilder();
        if (!completed) {
            reasons.append(": not every notification arrived within the timeout");
        }
        if (publishFailures > 0) {
            reasons.append(reasons.isEmpty() ? ": " : "; ")
                    .append(publishFailures)
                    .append(" publishes failed");
        }
        if (loss == null) {
            reasons.append(reasons.isEmpty() ? ": " : "; ").append("loss not checked");
        } else if (!loss.lossFree()) {
            reasons.append(reasons.isEmpty() ? ": " : "; ")
                    .append(loss.missing())
                    .append(" missing in the audit store");
        }
        return reasons.toString();
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.1f ms", value);
    }

    private static String mark(boolean met) {
        return met ? "✅" : "❌";
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
