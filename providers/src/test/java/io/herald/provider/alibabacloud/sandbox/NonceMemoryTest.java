package io.herald.provider.alibabacloud.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NonceMemoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @Test
    void aNonceIsRefusedUntilItsDateLeavesTheWindowThenForgotten() {
        NonceMemory memory = new NonceMemory();

        assertThat(memory.firstUse("n-1", T0.plusSeconds(900), T0)).isTrue();
        assertThat(memory.firstUse("n-1", T0.plusSeconds(900), T0.plusSeconds(899)))
                .isFalse();
        assertThat(memory.firstUse("n-2", T0.plusSeconds(1900), T0.plusSeconds(901)))
                .isTrue();

        // n-1's date is out of the window by now: remembering it would only cost memory
        assertThat(memory.size()).isEqualTo(1);
    }
}
