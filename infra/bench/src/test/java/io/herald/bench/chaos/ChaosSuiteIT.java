package io.herald.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.stack.LocalStack;
import io.herald.stack.sweep.SecretSweep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The bounded CI subset of {@code herald chaos}: {@code kill -9} of the dispatcher and of the broker under 50
 * notifications/s, with the {@code --quick} timings, on a whole stack of real parts (the supervisor's restarts on). Every
 * published notification must end delivered or dead-lettered with none stuck, and no generated secret may appear in
 * the broker's segments, the logs or PostgreSQL's files. About three minutes.
 */
class ChaosSuiteIT {

    @Test
    void aKilledDispatcherAndAKilledBrokerLoseNothingAndNoSecretLeaks() throws Exception {
        Path home = LocalStack.heraldHome();
        ChaosCommand command = new ChaosCommand();
        new CommandLine(command)
                .parseArgs(
                        "--faults",
                        "kill-dispatcher,kill-broker",
                        "--quick",
                        "--rate",
                        "50",
                        "--channels",
                        "4",
                        "--out",
                        home.resolve("infra/local-stack/target/chaos-it").toString());
        ChaosSettings settings = command.settings(home);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        ChaosReport report;
        try (PrintStream both = new PrintStream(new TeeStream(progress), true, StandardCharsets.UTF_8)) {
            report = new ChaosRun(settings, home, "ChaosSuiteIT", both).run(Instant.now(), "it");
        }

        String markdown = report.toMarkdown();
        System.out.println(markdown);
        Files.writeString(settings.outDir().resolve("report.md"), markdown);
        assertThat(report.results()).extracting(r -> r.kind().id()).containsExactly("kill-dispatcher", "kill-broker");
        for (FaultResult result : report.results()) {
            Accounting a = result.accounting();
            assertThat(result.error()).as(result.kind().id() + " ran").isNull();
            assertThat(a.published()).as(result.kind().id() + " published").isGreaterThan(500);
            assertThat(a.delivered() + a.deadLettered())
                    .as(result.kind().id() + ": published = delivered + dead-lettered")
                    .isEqualTo(a.published());
            assertThat(a.stuck()).as(result.kind().id() + " stuck").isZero();
            assertThat(result.action()).startsWith("kill -9 ");
            assertThat(result.notes().getFirst()).contains("restarted by the supervisor");
            assertThat(a.recovery()).as(result.kind().id() + " recovered").isPresent();
            assertThat(result.passed()).isTrue();
        }
        // 4 webhook secrets, the sealing key, and the stack's publisher, reader, operator and dispatcher tokens
        assertThat(report.secrets()).isEqualTo(4 + 1 + 4);
        assertThat(report.sweep().places())
                .extracting(SecretSweep.PlaceResult::place)
                .containsExactly("Kafka log segments", "stack logs", "PostgreSQL data directory");
        assertThat(report.sweep().places()).allSatisfy(place -> {
            assertThat(place.bytes()).as(place.place() + " swept").isPositive();
            assertThat(place.hits()).as(place.place() + " hits").isEmpty();
            assertThat(place.errors()).isEmpty();
        });
        assertThat(report.passed()).isTrue();
        assertThat(markdown)
                .contains(
                        "| kill-dispatcher | kill -9 dispatcher (pid ",
                        "| kill-broker | kill -9 kafka (pid ",
                        "**Result: PASS** — 2 of 2 faults passed; secrets sweep clean.");
        // the webhook secrets are never printed: the report names them only
        assertThat(markdown + progress.toString(StandardCharsets.UTF_8)).doesNotContain("whsec_");
    }

    /** Progress goes to the console as it happens and is kept for the check that no secret was printed. */
    private static final class TeeStream extends java.io.OutputStream {
        private final List<java.io.OutputStream> targets;

        TeeStream(ByteArrayOutputStream kept) {
            this.targets = List.of(kept, System.out);
        }

        @Override
        public void write(int b) throws java.io.IOException {
            for (java.io.OutputStream target : targets) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            for (java.io.OutputStream target : targets) {
                target.write(b, off, len);
            }
        }
    }
}
