package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchemaIdCeilingTest {

    private final AtomicLong now = new AtomicLong(42);
    private final AtomicLong highest = new AtomicLong(20);
    private final AtomicInteger asked = new AtomicInteger();
    private final SchemaIdCeiling ceiling = new SchemaIdCeiling(
            () -> {
                asked.incrementAndGet();
                return highest.get();
            },
            now::get);

    @Test
    void idsUpToTheHighestGlobalIdPlusTheMarginMayExist() {
        assertThat(ceiling.isAbove(1)).isFalse();
        assertThat(ceiling.isAbove(20 + SchemaIdCeiling.MARGIN)).isFalse();
        assertThat(ceiling.isAbove(21 + SchemaIdCeiling.MARGIN)).isTrue();
        assertThat(ceiling.isAbove(-5)).isTrue();
        assertThat(asked).hasValue(1);
    }

    @Test
    void anIdAboveTheCeilingAsksTheRegistryAgainAtMostOnceASecond() {
        assertThat(ceiling.isAbove(50_000)).isTrue();
        highest.set(45_000); // many versions registered since
        assertThat(ceiling.isAbove(50_000))
                .as("within the second: the last answer")
                .isTrue();
        assertThat(asked).hasValue(1);

        now.addAndGet(SchemaIdCeiling.REFRESH_NANOS);
        assertThat(ceiling.isAbove(50_000)).isFalse();
        assertThat(asked).hasValue(2);
    }

    @Test
    void whileTheRegistryCannotBeAskedEveryIdIsLookedUpUntilItHasAnsweredOnce() {
        SchemaIdCeiling down = new SchemaIdCeiling(
                () -> {
                    asked.incrementAndGet();
                    throw new IllegalStateException("connection refused");
                },
                now::get);

        assertThat(down.isAbove(1_000_000)).isFalse();
        assertThat(down.isAbove(1_000_001)).isFalse();
        assertThat(asked).as("asked again only after a back-off").hasValue(1);
        now.addAndGet(SchemaIdCeiling.RETRY_AFTER_FAILURE_NANOS);
        assertThat(down.isAbove(1_000_002)).isFalse();
        assertThat(asked).hasValue(2);
    }
}
