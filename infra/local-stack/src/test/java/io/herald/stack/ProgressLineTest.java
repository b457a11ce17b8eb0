package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void readyLineShowsAddressAndSeconds() {
        assertThat(ProgressLine.starting("postgres") + ProgressLine.ready("127.0.0.1:15432", Duration.ofMillis(2140)))
                .isEqualTo("postgres   starting… ready (127.0.0.1:15432, 2.1 s)");
    }

    @Test
    void failedLineNamesTheReasonAndTheLogRelativeToTheCurrentDirectory() {
        Path log = Path.of("").toAbsolutePath().resolve(".herald/logs/kafka.log");

        assertThat(ProgressLine.failed(log, "process exited with code 1"))
                .isEqualTo("FAILED — process exited with code 1 — see .herald/logs/kafka.log");
    }

    @Test
    void failedLineWithoutALogSaysOnlyWhy() {
        assertThat(ProgressLine.failed(null, "port 19092 (kafka) is already in use"))
                .isEqualTo("FAILED — port 19092 (kafka) is already in use");
    }

    @Test
    void aCrashLineSaysWhyHowLongItRanAndWhenItIsRestarted() {
        assertThat(ProgressLine.crashed(
                        "signer", "killed by SIGKILL (exit code 137)", Duration.ofSeconds(252), Duration.ofSeconds(1)))
                .isEqualTo("signer crashed: killed by SIGKILL (exit code 137) after 4 min 12 s up; restarting in 1 s");
        assertThat(ProgressLine.crashed("kafka", "exit code 1", Duration.ofMillis(800), null))
                .isEqualTo("kafka crashed: exit code 1 after 800 ms up; not restarted (restarts are off for it)");
    }

    @Test
    void aRestartLineGivesThePidTheTimeToReadyAndTheCount() {
        assertThat(ProgressLine.restarted("signer", 4567, 2, Duration.ofMillis(17_340)))
                .isEqualTo("signer restarted: pid 4567, ready in 17.3 s (restart 2 since the stack started)");
        assertThat(ProgressLine.restartFailed("signer", "exit code 1", Duration.ofSeconds(2)))
                .isEqualTo("signer did not restart: exit code 1; next try in 2 s");
    }
}
