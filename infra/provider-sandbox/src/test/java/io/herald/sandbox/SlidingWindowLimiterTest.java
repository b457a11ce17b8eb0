package io.herald.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.sandbox.SlidingWindowLimiter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SlidingWindowLimiter limiter = new SlidingWindowLimiter(3, Duration.ofSeconds(60), clock);

    @Test
    void admitsUpToTheLimitWithinAWindow() {
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void slotFreesExactlyOneWindowAfterItWasUsed() {
        limiter.tryAcquire();
        clock.advance(Duration.ofSeconds(30));
        limiter.tryAcquire();
        limiter.tryAcquire();

        clock.advance(Duration.ofMillis(29_999));
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void refusedRequestsDoNotUseASlot() {
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire();
        }
        clock.advance(Duration.ofSeconds(60));

        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
    }
}
