package io.herald.bench;

import ch.qos.logback.classic.Level;
import io.herald.stack.LocalStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code herald bench}: the whole-pipeline benchmark (issue 6). Runs {@link Benchmark} on a fresh stack, prints the
 * markdown report to stdout (progress goes to stderr) and writes it to {@code <out>/<timestamp>.md}. Exits 0 only
 * when every notification arrived and the audit store accounts for each as delivered or dead-lettered. Not a test:
 * it takes minutes and the whole machine.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmark the whole pipeline: publish notifications to herald.requests, measure throughput, "
                + "end-to-end latency (to the sandbox), loss (audit store), CPU and RSS per process, and the raw "
                + "broker's produce rate. Starts its own stack on free ports.")
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    StackRunOptions stack = new StackRunOptions();

    @Option(
            names = "--count",
            defaultValue = "10000",
            paramLabel = "N",
            description = "Notifications in the measured run (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            paramLabel = "PER_SECOND|max",
            description = "Notifications per second offered, or max (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(
            names = "--warmup",
            defaultValue = "1000",
            paramLabel = "N",
            description =
                    "Notifications sent and awaited before measuring, at the same rate (default: ${DEFAULT-VALUE}). "
                            + "The services' server compiler needs ~30-90 s of load to reach their rate: e.g. 90000 at 1000/s, "
                            + "100000 at max.")
    int warmup;

    @Option(
            names = "--channels",
            defaultValue = "64",
            paramLabel = "N",
            description = "Standard Webhooks channels the notifications round-robin over (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            paramLabel = "SECONDS",
            description = "Time the warm-up and the measured run each get to arrive; a slower run still reports "
                    + "(default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(
            names = "--audit-timeout",
            defaultValue = "120",
            paramLabel = "SECONDS",
            description = "Time the audit store gets to show every notification finished (default: ${DEFAULT-VALUE}).")
    long auditTimeoutSeconds;

    @Option(
            names = "--raw-records",
            defaultValue = "200000",
            paramLabel = "N",
            description = "Records ProducerPerformance sends to measure the raw broker (default: ${DEFAULT-VALUE}).")
    long rawRecords;

    @Option(names = "--jfr", description = "Record every service with Java Flight Recorder (profile settings).")
    boolean jfr;

    @Option(
            names = "--jvm-option",
            paramLabel = "SERVICE=-Xoption",
            description = "An extra JVM option for one service (or all=… for every service), e.g. all=-XX:+UseSerialGC "
                    + "(repeatable).")
    List<String> jvmOptions = new ArrayList<>();

    @Option(
            names = "--kill-broker-after",
            paramLabel = "SECONDS",
            description = "Kill -9 Kafka node kafka-2 this long into the measured run (needs --brokers 2 or more); the "
                    + "report says which partition leaders moved and how long deliveries paused.")
    Long killBrokerAfterSeconds;

    @Option(
            names = "--ordering",
            defaultValue = "none",
            paramLabel = "none|strict",
            description = "Whether every channel keeps its order (ordering: strict) (default: ${DEFAULT-VALUE}).")
    String ordering;

    @Option(
            names = "--outage-channels",
            defaultValue = "0",
            paramLabel = "N",
            description = "The first N channels answer 503 from the start of the measured run for --outage seconds; "
                    + "the report counts the waits and retries it caused and receipts out of order (default: "
                    + "${DEFAULT-VALUE}).")
    int outageChannels;

    @Option(
            names = "--outage",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "How long the --outage-channels answer 503 (default: ${DEFAULT-VALUE}).")
    long outageSeconds;

    @Override
    public Integer call() throws Exception {
        RunReports.quiet("io.herald.sandbox", Level.WARN);
        Path home = LocalStack.heraldHome();
        BenchSettings settings = settings(home);
        Instant date = Instant.now();
        String stamp = RunReports.stamp(date);
        PrintStream progress = System.err;
        Benchmark benchmark = new Benchmark(settings, home, commandLine(), progress);
        BenchReport report = benchmark.run(date, stamp);
        String markdown = report.toMarkdown();
        if (!benchmark.orderingNotes().isEmpty()) {
            markdown += System.lineSeparator() + "## Ordering" + System.lineSeparator() + System.lineSeparator()
                    + String.join(System.lineSeparator(), benchmark.orderingNotes()) + System.lineSeparator();
        }
        if (!benchmark.clusterNotes().isEmpty()) {
            markdown += System.lineSeparator() + "## Cluster" + System.lineSeparator() + System.lineSeparator()
                    + String.join(System.lineSeparator(), benchmark.clusterNotes()) + System.lineSeparator();
        }
        RunReports.publish(settings.outDir(), stamp, markdown, progress);
        return report.passed() ? 0 : 1;
    }

    BenchSettings settings(Path home) {
        int offered = parseRate(rate);
        RunReports.require(count > 0, "--count must be positive");
        RunReports.require(warmup >= 0, "--warmup must not be negative");
        RunReports.require(channels > 0, "--channels must be positive");
        RunReports.require(
                timeoutSeconds > 0 && auditTimeoutSeconds > 0, "--timeout and --audit-timeout must be positive");
        RunReports.require(rawRecords > 0, "--raw-records must be positive");
        RunReports.require(ordering.equals("none") || ordering.equals("strict"), "--ordering must be none or strict");
        RunReports.require(
                outageChannels >= 0 && outageChannels <= channels,
                "--outage-channels must be 0.." + channels + " (--channels)");
        RunReports.require(outageSeconds > 0, "--outage must be positive");
        StackShape shape = stack.shape();
        RunReports.require(
                killBrokerAfterSeconds == null || (killBrokerAfterSeconds >= 0 && shape.brokers() >= 2),
                "--kill-broker-after needs --brokers 2 or more and 0 or more seconds");
        return new BenchSettings(
                count,
                offered,
                warmup,
                channels,
                stack.partitions(),
                Duration.ofSeconds(timeoutSeconds),
                Duration.ofSeconds(auditTimeoutSeconds),
                rawRecords,
                jfr,
                stack.serviceArgs(),
                RunReports.perService("--jvm-option", jvmOptions, "-", "dispatcher=-XX:+UseSerialGC"),
                stack.outDir(home, "bench"),
                shape,
                killBrokerAfterSeconds == null ? null : Duration.ofSeconds(killBrokerAfterSeconds),
                new BenchSettings.OrderingScenario(
                        ordering.equals("strict"), outageChannels, Duration.ofSeconds(outageSeconds)));
    }

    /** "max" is 0; otherwise a positive number per second. */
    static int parseRate(String rate) {
        if (rate.equalsIgnoreCase("max")) {
            return 0;
        }
        try {
            int perSecond = Integer.parseInt(rate.strip());
            if (perSecond > 0) {
                return perSecond;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--rate must be a positive number per second or max, was " + rate);
    }

    private String commandLine() {
        List<String> args = new ArrayList<>(List.of(
                "./herald bench",
                "--rate " + rate,
                "--count " + count,
                "--warmup " + warmup,
                "--channels " + channels,
                "--partitions " + stack.partitions,
                "--timeout " + timeoutSeconds));
        if (jfr) {
            args.add("--jfr");
        }
        if (killBrokerAfterSeconds != null) {
            args.add("--kill-broker-after " + killBrokerAfterSeconds);
        }
        if (!ordering.equals("none")) {
            args.add("--ordering " + ordering);
        }
        if (outageChannels > 0) {
            args.add("--outage-channels " + outageChannels + " --outage " + outageSeconds);
        }
        stack.describeServiceArgs(args);
        jvmOptions.forEach(option -> args.add("--jvm-option " + option));
        return String.join(" ", args);
    }
}
