package io.herald.bench.chaos;

import io.herald.bench.RunReports;
import io.herald.bench.StackRunOptions;
import io.herald.stack.LocalStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code herald chaos}: the fault suite of issue 15. Runs {@link ChaosRun} on a stack of its own, prints the markdown
 * report to stdout (progress goes to stderr), writes it to {@code <out>/<timestamp>.md}, and exits 0 only when every
 * fault passed (published = delivered + dead-lettered, none stuck) and the secrets sweep found nothing. Not a test: the
 * whole suite takes the better part of an hour and the whole machine; {@code --quick} is the CI profile.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Fault suite: under a steady load, kill -9 each service and the broker (the supervisor restarts "
                + "them), freeze PostgreSQL, stop the registry, make the provider answer 503 or slowly; report per fault "
                + "published, delivered, dead-lettered, stuck, duplicates and time to recover; then grep every secret of "
                + "the run in Kafka's segments, the logs and PostgreSQL's files. Starts its own stack on free ports.")
public final class ChaosCommand implements Callable<Integer> {

    @Mixin
    StackRunOptions stack = new StackRunOptions();

    @Option(
            names = "--faults",
            defaultValue = "all",
            paramLabel = "NAME[,NAME…]",
            description = "Faults to run, in suite order (default: all): kill-ingest, kill-signer, kill-dispatcher, "
                    + "kill-audit, kill-broker, postgres-stop, registry-down, provider-503, provider-slow.")
    String faults;

    @Option(
            names = "--quick",
            description = "CI profile: 10 s of load before and after each fault, held faults 20 s "
                    + "(provider-503 30 s), grace up to 5 min. Options given explicitly still win.")
    boolean quick;

    @Option(
            names = "--rate",
            defaultValue = "100",
            paramLabel = "PER_SECOND",
            description = "Notifications per second published to herald.requests (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--http-rate",
            defaultValue = "0",
            paramLabel = "PER_SECOND",
            description = "Notifications per second posted to ingest's HTTP API as well, each retried with its "
                    + "Idempotency-Key while ingest cannot take it (default: ${DEFAULT-VALUE}, none).")
    int httpRate;

    @Option(
            names = "--channels",
            defaultValue = "8",
            paramLabel = "N",
            description = "Standard Webhooks channels, each with its own generated secret (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--lead", paramLabel = "SECONDS", description = "Load before each fault (default: 20, quick: 10).")
    Long leadSeconds;

    @Option(
            names = "--tail",
            paramLabel = "SECONDS",
            description = "Load after each fault ended (default: 20, quick: 10).")
    Long tailSeconds;

    @Option(
            names = "--grace",
            paramLabel = "SECONDS",
            description = "Longest wait after the load stopped for every notification to be final; a scenario ends "
                    + "as soon as they are (default: 900, quick: 300). The retry tiers (10 s, 1 m, 10 m) set how "
                    + "long a notification failed three times waits.")
    Long graceSeconds;

    @Option(
            names = "--hold",
            paramLabel = "FAULT=SECONDS",
            description = "How long a held fault lasts, e.g. provider-503=60 (repeatable). Defaults: postgres-stop, "
                    + "registry-down, provider-slow 60; provider-503 180 (quick: 20, 20, 20, 30).")
    List<String> holds = new ArrayList<>();

    @Option(
            names = "--slow-delay",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "How long the sandbox holds each answer in provider-slow (default: ${DEFAULT-VALUE}).")
    long slowDelaySeconds;

    @Option(
            names = "--restart-wait",
            defaultValue = "300",
            paramLabel = "SECONDS",
            description = "Longest wait for a killed component to be back up (default: ${DEFAULT-VALUE}).")
    long restartWaitSeconds;

    @Override
    public Integer call() throws Exception {
        Path home = LocalStack.heraldHome();
        ChaosSettings settings = settings(home);
        Instant date = Instant.now();
        String stamp = RunReports.stamp(date);
        PrintStream progress = System.err;
        ChaosReport report = new ChaosRun(settings, home, commandLine(), progress).run(date, stamp);
        RunReports.publish(settings.outDir(), stamp, report.toMarkdown(), progress);
        return report.passed() ? 0 : 1;
    }

    ChaosSettings settings(Path home) {
        RunReports.require(rate > 0, "--rate must be positive, was " + rate);
        RunReports.require(httpRate >= 0, "--http-rate must be 0 or more, was " + httpRate);
        RunReports.require(channels > 0, "--channels must be positive, was " + channels);
        RunReports.require(slowDelaySeconds > 0, "--slow-delay must be positive, was " + slowDelaySeconds);
        RunReports.require(restartWaitSeconds > 0, "--restart-wait must be positive, was " + restartWaitSeconds);
        Duration lead = seconds("--lead", leadSeconds, quick ? 10 : 20);
        Duration tail = seconds("--tail", tailSeconds, quick ? 10 : 20);
        Duration grace = seconds("--grace", graceSeconds, quick ? 300 : 900);
        RunReports.require(!grace.isZero(), "--grace must be positive");
        Map<FaultKind, Duration> holdByFault = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            holdByFault.put(kind, quick ? kind.quickHold() : kind.defaultHold());
        }
        for (String hold : holds) {
            int eq = hold.indexOf('=');
            RunReports.require(eq > 0, "--hold must look like provider-503=60, was " + hold);
            FaultKind kind = FaultKind.byId(hold.substring(0, eq));
            RunReports.require(!kind.isKill(), "--hold: " + kind.id() + " is not held (the restart ends a kill)");
            holdByFault.put(
                    kind, seconds("--hold " + kind.id(), parse("--hold " + kind.id(), hold.substring(eq + 1)), 0));
            RunReports.require(!holdByFault.get(kind).isZero(), "--hold " + kind.id() + " must be positive");
        }
        return new ChaosSettings(
                FaultKind.parse(faults),
                rate,
                httpRate,
                channels,
                stack.partitions(),
                lead,
                tail,
                grace,
                holdByFault,
                Duration.ofSeconds(slowDelaySeconds),
                Duration.ofSeconds(restartWaitSeconds),
                stack.serviceArgs(),
                stack.outDir(home, "chaos"),
                quick,
                stack.shape());
    }

    private static Duration seconds(String option, Long given, long fallback) {
        long value = given == null ? fallback : given;
        RunReports.require(value >= 0, option + " must be 0 or more seconds, was " + value);
        return Duration.ofSeconds(value);
    }

    private static long parse(String option, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number of seconds, was " + value);
        }
    }

    private String commandLine() {
        List<String> args = new ArrayList<>(List.of("./herald chaos"));
        if (!faults.equalsIgnoreCase("all")) {
            args.add("--faults " + faults);
        }
        if (quick) {
            args.add("--quick");
        }
        args.add("--rate " + rate);
        if (httpRate > 0) {
            args.add("--http-rate " + httpRate);
        }
        args.add("--channels " + channels);
        if (leadSeconds != null) {
            args.add("--lead " + leadSeconds);
        }
        if (tailSeconds != null) {
            args.add("--tail " + tailSeconds);
        }
        if (graceSeconds != null) {
            args.add("--grace " + graceSeconds);
        }
        holds.forEach(hold -> args.add("--hold " + hold));
        stack.describeServiceArgs(args);
        return String.join(" ", args);
    }
}
