package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitReasonTest {

    @Test
    void deathBySignalNamesTheSignal() {
        assertThat(ExitReason.describe(137, "")).isEqualTo("killed by SIGKILL (exit code 137)");
        assertThat(ExitReason.describe(143, "")).isEqualTo("killed by SIGTERM (exit code 143)");
    }

    @Test
    void anOrdinaryExitGivesItsCode() {
        assertThat(ExitReason.describe(1, "APPLICATION FAILED TO START")).isEqualTo("exit code 1");
    }

    @Test
    void theJvmsExitOnOutOfMemoryErrorIsNamedFromItsLog() {
        String log = "12:00:01 INFO started\nTerminating due to java.lang.OutOfMemoryError: Java heap space\n";

        assertThat(ExitReason.describe(3, log)).isEqualTo("out of memory: Java heap space (exit code 3)");
        assertThat(ExitReason.describe(3, "no such line")).isEqualTo("exit code 3");
    }
}
