package io.herald.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.stack.sweep.SecretSweep;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChaosReportTest {

    private static final Machine MACHINE =
            new Machine(2, "AMD EPYC 7B13", 23.4, 20.1, "OpenJDK 64-Bit Server VM 25", "Linux");

    @Test
    void aRunPassesWhenEveryFaultPassedAndTheSweepIsClean() {
        ChaosReport report =
                report(List.of(passed(FaultKind.KILL_SIGNER), passed(FaultKind.KILL_BROKER)), cleanSweep());

        String markdown = report.toMarkdown();

        assertThat(report.passed()).isTrue();
        assertThat(markdown)
                .contains(
                        "- Command: `./herald chaos --quick`",
                        "- Machine: 2 CPUs (AMD EPYC 7B13), 23.4 GiB memory (20.1 GiB available at the start)",
                        "- Load average: 1.00 0.50 0.20 before, 2.00 1.50 1.00 after",
                        "- Load: 100/s to herald.requests, over 8 Standard Webhooks channels (no rate limit), 6 partitions",
                        "| kill-signer | kill -9 signer (pid 42) | 3,000 | 2,990 | 10 | 0 | 2 (2 of 2) | 31.5 s | PASS |",
                        "| Kafka log segments | 12 | 1,048,576 | 0 |",
                        "**Result: PASS** — 2 of 2 faults passed; secrets sweep clean.");
    }

    @Test
    void oneStuckNotificationFailsTheRunAndItsRowSaysWhy() {
        Accounting stuck = new Accounting(
                3_000,
                2_999,
                0,
                0,
                1,
                0,
                0,
                0,
                0,
                0,
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                List.of());
        FaultResult failed = new FaultResult(
                FaultKind.POSTGRES_STOP,
                "kill -STOP postgres (postmaster pid 7 and 5 backends)",
                List.of("held 60.0 s; kill -CONT of the 6 processes"),
                stuck,
                0,
                null,
                0,
                0,
                0,
                Duration.ofMinutes(3),
                null);
        ChaosReport report = report(List.of(passed(FaultKind.KILL_SIGNER), failed), cleanSweep());

        String markdown = report.toMarkdown();

        assertThat(report.passed()).isFalse();
        assertThat(markdown)
                .contains(
                        "| postgres-stop | kill -STOP postgres (postmaster pid 7 and 5 backends) | 3,000 | 2,999 | 0 | 1 | 0 | "
                                + "not within the grace period | **FAIL** |",
                        "### postgres-stop — FAIL",
                        "- **failed:** 1 stuck (not final after the grace period)",
                        "**Result: FAIL** — 1 of 2 faults passed; secrets sweep clean.",
                        "Failed: postgres-stop.");
    }

    @Test
    void aSecretFoundAnywhereFailsTheRunAndIsNamedButNeverShown() {
        SecretSweep.Result leaked = new SecretSweep.Result(List.of(new SecretSweep.PlaceResult(
                "stack logs",
                Path.of("/w/logs"),
                9,
                4096,
                List.of(new SecretSweep.Hit("webhook secret of chaos-003", "base64 body", "signer.log", 2)),
                List.of())));
        ChaosReport report = report(List.of(passed(FaultKind.KILL_SIGNER)), leaked);

        String markdown = report.toMarkdown();

        assertThat(report.passed()).isFalse();
        assertThat(markdown)
                .contains(
                        "| stack logs | 9 | 4,096 | 2 |",
                        "- **hit:** webhook secret of chaos-003 (base64 body) in stack logs: signer.log, 2×",
                        "**Result: FAIL** — 1 of 1 faults passed; secrets sweep 2 hits.");
    }

    @Test
    void aFaultThatCouldNotBePlayedFailsWithItsReason() {
        FaultResult notRun = FaultResult.failedToRun(
                FaultKind.REGISTRY_DOWN,
                "registry-down",
                List.of(),
                Duration.ofMinutes(5),
                "the stack was not healthy before the fault: kafka RESTARTING");

        ChaosReport report = report(List.of(notRun), cleanSweep());

        assertThat(report.passed()).isFalse();
        assertThat(report.toMarkdown())
                .contains(
                        "| registry-down | registry-down | – | – | – | – | – | – | **FAIL** |",
                        "- **failed:** could not run: the stack was not healthy before the fault: kafka RESTARTING");
    }

    private static FaultResult passed(FaultKind kind) {
        Accounting accounting = new Accounting(
                3_000,
                2_990,
                10,
                0,
                0,
                2,
                2,
                0,
                0,
                0,
                Optional.of(Duration.ofMillis(31_500)),
                Duration.ofMillis(800),
                Duration.ofSeconds(40),
                List.of("x", "y"));
        return new FaultResult(
                kind,
                "kill -9 " + kind.component() + " (pid 42)",
                List.of(kind.component() + " restarted by the supervisor, ready 21.0 s after the kill (pid 43)"),
                accounting,
                0,
                null,
                0,
                2,
                2,
                Duration.ofMinutes(2),
                null);
    }

    private static SecretSweep.Result cleanSweep() {
        return new SecretSweep.Result(List.of(
                new SecretSweep.PlaceResult(
                        "Kafka log segments", Path.of("/w/kafka/data"), 12, 1 << 20, List.of(), List.of()),
                new SecretSweep.PlaceResult("stack logs", Path.of("/w/logs"), 9, 4096, List.of(), List.of())));
    }

    private static ChaosReport report(List<FaultResult> results, SecretSweep.Result sweep) {
        ChaosSettings settings = new ChaosSettings(
                List.of(FaultKind.values()),
                100,
                0,
                8,
                6,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(300),
                Map.of(),
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                Map.of(),
                Path.of("/w"),
                true);
        return new ChaosReport(
                "./herald chaos --quick",
                Instant.parse("2026-12-06T12:00:00Z"),
                MACHINE,
                "1.00 0.50 0.20",
                "2.00 1.50 1.00",
                settings,
                Duration.ofSeconds(40),
                results,
                11,
                sweep,
                Duration.ofMinutes(10));
    }
}
