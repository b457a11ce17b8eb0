package io.herald.dispatcher.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.sandbox.SlidingWindowLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rolling window: a burst up to the limit at once, then slots as the window frees, in order. */
class ChannelPacingTest {

    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private final MovingClock clock = new MovingClock();
    private final ChannelPacing pacing = new ChannelPacing(ChannelPacing.MINUTE, MARGIN, new SimpleMeterRegistry());

    @Test
    void aBurstUpToTheLimitGoesAtOnceAndTheNextWaitsForTheFirstToLeaveTheWindow() {
        for (int i = 0; i < 20; i++) {
            assertThat(pacing.reserve("demo-dingtalk", "n-" + i, 20, clock.instant()))
                    .isEqualTo(clock.instant());
            clock.advance(Duration.ofMillis(10));
        }

        // the 21st, 200 ms later: the first send leaves the window a minute (and the margin) after it went
        assertThat(pacing.reserve("demo-dingtalk", "n-20", 20, clock.instant())).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void twoAlertsThreeSecondsApartBothGoAtOnce() {
        assertThat(pacing.reserve("demo-dingtalk", "a", 20, clock.instant())).isEqualTo(T0);
        clock.advance(Duration.ofSeconds(3));

        assertThat(pacing.reserve("demo-dingtalk", "b", 20, clock.instant())).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void requestsBeyondTheLimitGetSuccessiveSlotsInTheirOrder() {
        for (int i = 0; i < 3; i++) {
            pacing.reserve("ops", "sent-" + i, 3, clock.instant());
            clock.advance(Duration.ofSeconds(10));
        }
        // t0, t0+10, t0+20 sent; now t0+30: the next three come as each of those leaves the window
        List<Instant> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slots.add(pacing.reserve("ops", "late-" + i, 3, clock.instant()));
        }

        assertThat(slots)
                .containsExactly(T0.plusSeconds(61), T0.plusSeconds(71), T0.plusSeconds(81))
                .isSorted();
    }

    @Test
    void neverMoreThanTheLimitInAnyWindowAsTheProviderCountsIt() {
        SlidingWindowLimiter provider = new SlidingWindowLimiter(20, Duration.ofMinutes(1), clock);
        // a steady 30 per minute for three minutes: each request sent at its slot, none refused
        Instant last = T0;
        for (int i = 0; i < 90; i++) {
            Instant arrival = T0.plusSeconds(2L * i);
            if (arrival.isAfter(clock.instant())) {
                clock.set(arrival);
            }
            Instant slot = pacing.reserve("ops", "n-" + i, 20, clock.instant());
            assertThat(slot).isAfterOrEqualTo(last);
            last = slot;
            clock.set(slot);
            assertThat(provider.tryAcquire())
                    .as("send %d at %s", i, clock.instant())
                    .isTrue();
        }
    }

    @Test
    void aParkedRequestComingBackTakesItsSlotAndOneComingBackLateTheNextFree() {
        for (int i = 0; i < 2; i++) {
            pacing.reserve("ops", "sent-" + i, 2, clock.instant());
        }
        Instant first = park("parked-1");
        Instant second = park("parked-2");
        Instant third = park("parked-3");
        assertThat(List.of(first, second)).containsOnly(T0.plusSeconds(61));
        assertThat(third).isEqualTo(T0.plusSeconds(122));

        clock.set(first.minusMillis(300)); // back just before its slot: the same slot, no new one
        assertThat(pacing.reserve("ops", "parked-1", 2, clock.instant())).isEqualTo(first);
        clock.set(second.plusMillis(400)); // back a little late (the retry path): now, its slot still counted
        assertThat(pacing.reserve("ops", "parked-2", 2, clock.instant())).isEqualTo(clock.instant());
        clock.set(third.plusSeconds(5)); // back late: its slot given up, the next free one (now)
        assertThat(pacing.reserve("ops", "parked-3", 2, clock.instant())).isEqualTo(clock.instant());
        // each counted once: the window since the first two left holds the third, room for one more now
        assertThat(pacing.reserve("ops", "next", 2, clock.instant())).isEqualTo(clock.instant());
        assertThat(pacing.reserve("ops", "after", 2, clock.instant())).isEqualTo(third.plusSeconds(5 + 61));
    }

    private Instant park(String request) {
        Instant slot = pacing.reserve("ops", request, 2, clock.instant());
        pacing.claim("ops", request, slot);
        return slot;
    }

    @Test
    void aChangedRateAppliesToTheNextRequestAndTheSendsAlreadyMadeStillCount() {
        for (int i = 0; i < 5; i++) {
            pacing.reserve("ops", "n-" + i, 10, clock.instant());
        }

        // lowered to 3: five were sent this minute, so the next waits for the window
        assertThat(pacing.reserve("ops", "lowered", 3, clock.instant())).isEqualTo(T0.plusSeconds(61));
        // raised to 100: room at once, though after the slot reserved before it (the channel's order)
        assertThat(pacing.reserve("ops", "raised", 100, clock.instant())).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void aReleasedSlotIsFreeAgain() {
        Instant slot = pacing.reserve("ops", "a", 1, clock.instant());
        pacing.release("ops", slot);

        assertThat(pacing.reserve("ops", "b", 1, clock.instant())).isEqualTo(T0);
    }

    @Test
    void channelsArePacedApart() {
        pacing.reserve("ops", "a", 1, clock.instant());

        assertThat(pacing.reserve("other", "b", 1, clock.instant())).isEqualTo(T0);
        assertThat(pacing.reserve("ops", "c", 1, clock.instant())).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void pacedWaitsAreCountedAsPacingByProviderAndPlace() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ChannelPacing counted = new ChannelPacing(ChannelPacing.MINUTE, MARGIN, meters);

        counted.paced(Provider.of("dingtalk"), "lane", Duration.ofSeconds(4));
        counted.paced(Provider.of("dingtalk"), "parked", Duration.ofSeconds(50));

        assertThat(meters.get("herald.dispatcher.paced")
                        .tags("provider", "dingtalk", "where", "lane")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("herald.dispatcher.paced.wait")
                        .tags("provider", "dingtalk", "where", "parked")
                        .timer()
                        .totalTime(java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(50);
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = T0;

        void advance(Duration by) {
            now = now.plus(by);
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
