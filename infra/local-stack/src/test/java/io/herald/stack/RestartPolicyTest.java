package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    void defaultDelaysDoubleFromOneSecondAndStopAtThirty() {
        assertThat(IntStream.rangeClosed(1, 8)
                        .mapToObj(RestartPolicy.DEFAULT::delayBefore)
                        .map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void aVeryLongCrashLoopStaysAtTheMaximum() {
        assertThat(RestartPolicy.DEFAULT.delayBefore(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMaximumBelowTheFirstDelayIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .hasMessage("maxDelay must be at least initialDelay (PT5S), was PT1S");
    }
}
