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
}
