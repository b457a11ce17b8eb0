package io.herald.dispatcher.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.OrderingState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rules of one ordered channel: a notification goes only when no earlier one is waiting. */
class ChannelOrderTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final OrderingRules RULES = new OrderingRules(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final ChannelOrder order = new ChannelOrder("ops", "webhook");

    @Test
    void withNothingWaitingEveryNotificationGoes() {
        assertThat(order.turn(10, null, RULES, NOW)).isInstanceOf(Turn.Go.class);
        assertThat(order.settle(10, "n-10", Settled.THROUGH, null, null, false, NOW))
                .as("delivered with nothing waiting: no state to write")
                .isFalse();
        assertThat(order.turn(11, null, RULES, NOW)).isInstanceOf(Turn.Go.class);
    }

    @Test
    void laterOnesWaitBehindAHeadThatWaitsForARetryAndComeBackJustAfterIt() {
        Instant headDue = NOW.plusSeconds(30);
        assertThat(order.turn(10, null, RULES, NOW)).isInstanceOf(Turn.Go.class);
        assertThat(order.settle(10, "n-10", Settled.AGAIN, headDue, "RETRYABLE 503", false, NOW))
                .isTrue();

        Turn turn = order.turn(12, null, RULES, NOW);

        assertThat(turn).isInstanceOfSatisfying(Turn.Wait.class, wait -> {
            assertThat(wait.why()).isEqualTo(Turn.Why.BEHIND);
            assertThat(wait.behind()).isEqualTo("n-10");
            assertThat(wait.delay()).isEqualTo(Duration.ofSeconds(31));
            assertThat(wait.reason()).isEqualTo("waiting behind notification n-10: channel ops delivers in order");
        });
        assertThat(order.settle(12, "n-12", Settled.AGAIN, NOW.plusSeconds(31), null, false, NOW))
                .isTrue();
        // the head's own retry goes; one earlier than the head (accepted before it) goes too
        assertThat(order.turn(10, null, RULES, NOW)).isInstanceOf(Turn.Go.class);
        assertThat(order.turn(9, null, RULES, NOW)).isInstanceOf(Turn.Go.class);

        OrderingState state = order.state("d-1", NOW);
        assertThat(state.getWaiting()).extracting(e -> e.getNotificationId()).containsExactly("n-10", "n-12");
        assertThat(state.getHeadDueAt()).isEqualTo(headDue);
        assertThat(state.getHeadLast()).isEqualTo("RETRYABLE 503");

        // the head is through: the next is the head now, and it goes
        assertThat(order.settle(10, "n-10", Settled.THROUGH, null, null, false, NOW))
                .isTrue();
        assertThat(order.turn(12, null, RULES, NOW)).isInstanceOf(Turn.Go.class);
        assertThat(order.state("d-1", NOW).getHeadLast())
                .as("the new head's last try was a wait")
                .isNull();
        assertThat(order.settle(12, "n-12", Settled.THROUGH, null, null, false, NOW))
                .isTrue();
        assertThat(order.state("d-1", NOW).getWaiting()).isEmpty();
    }

    @Test
    void aWaiterBackWhileTheHeadIsOnItsWayLooksAgainAfterTheGap() {
        order.settle(10, "n-10", Settled.AGAIN, NOW.minusSeconds(5), "RETRYABLE", false, NOW.minusSeconds(20));

        assertThat(order.turn(11, null, RULES, NOW))
                .isInstanceOfSatisfying(
                        Turn.Wait.class, wait -> assertThat(wait.delay()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void aDeadLetterOfTheHeadReleasesTheNextByDefault() {
        order.settle(10, "n-10", Settled.AGAIN, NOW, "RETRYABLE", false, NOW);
        order.settle(11, "n-11", Settled.AGAIN, NOW, null, false, NOW);

        assertThat(order.settle(10, "n-10", Settled.DEAD, null, "gave up after 5 attempts", false, NOW))
                .isTrue();

        assertThat(order.turn(11, null, RULES, NOW)).isInstanceOf(Turn.Go.class);
        assertThat(order.state("d-1", NOW).getStopped()).isNull();
    }

    @Test
    void aDeadLetterOfTheHeadStopsTheChannelUntilAnOperatorResumesIt() {
        order.settle(10, "n-10", Settled.AGAIN, NOW, "RETRYABLE", true, NOW);
        order.settle(11, "n-11", Settled.AGAIN, NOW, null, true, NOW);
        order.settle(10, "n-10", Settled.DEAD, null, "gave up after 5 attempts", true, NOW);

        Turn stopped = order.turn(11, null, RULES, NOW.plusSeconds(1));
        assertThat(stopped).isInstanceOfSatisfying(Turn.Wait.class, wait -> {
            assertThat(wait.why()).isEqualTo(Turn.Why.STOPPED);
            assertThat(wait.behind()).isEqualTo("n-10");
            assertThat(wait.delay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(wait.reason())
                    .contains("notification n-10 was dead-lettered (gave up after 5 attempts)")
                    .contains("herald channel resume ops");
        });
        // a resume from before the stop does not count; new ones wait too
        assertThat(order.turn(11, NOW.minusSeconds(60), RULES, NOW)).isInstanceOf(Turn.Wait.class);
        assertThat(order.turn(20, null, RULES, NOW)).isInstanceOf(Turn.Wait.class);

        assertThat(order.turn(11, NOW.plusSeconds(5), RULES, NOW.plusSeconds(6)))
                .isInstanceOf(Turn.Go.class);
        assertThat(order.settle(11, "n-11", Settled.THROUGH, null, null, true, NOW.plusSeconds(6)))
                .as("the resume is written")
                .isTrue();
        assertThat(order.state("d-1", NOW).getStopped()).isNull();
    }

    @Test
    void aWaiterDeadLetteredForItsAgeDoesNotStopTheChannel() {
        order.settle(10, "n-10", Settled.AGAIN, NOW, "RETRYABLE", true, NOW);
        order.settle(11, "n-11", Settled.AGAIN, NOW, null, true, NOW);

        order.settle(11, "n-11", Settled.DEAD, null, "max age", true, NOW);

        assertThat(order.state("d-1", NOW).getStopped()).isNull();
        assertThat(order.state("d-1", NOW).getWaiting()).hasSize(1);
    }

    @Test
    void oneMoreThanMaxWaitingIsRefusedInWords() {
        order.settle(10, "n-10", Settled.AGAIN, NOW, "RETRYABLE", false, NOW);
        order.settle(11, "n-11", Settled.AGAIN, NOW, null, false, NOW);
        order.settle(12, "n-12", Settled.AGAIN, NOW, null, false, NOW);

        assertThat(order.turn(12, null, RULES, NOW))
                .as("one already waiting keeps its place")
                .isInstanceOf(Turn.Wait.class);
        assertThat(order.turn(13, null, RULES, NOW))
                .isInstanceOfSatisfying(
                        Turn.Full.class,
                        full -> assertThat(full.reason())
                                .isEqualTo("channel ops keeps its order and already has 3 notifications waiting"
                                        + " behind n-10 (herald.dispatcher.ordering.max-waiting)"));
    }

    @Test
    void readBackFromItsStateItKeepsTheOrderAndTheHeadsDueTime() {
        Instant headDue = NOW.plusSeconds(30);
        order.settle(10, "n-10", Settled.AGAIN, headDue, "RETRYABLE 503", false, NOW);
        order.settle(11, "n-11", Settled.AGAIN, NOW.plusSeconds(31), null, false, NOW);

        ChannelOrder next = ChannelOrder.of(order.state("d-1", NOW));

        assertThat(next.turn(11, null, RULES, NOW)).isInstanceOfSatisfying(Turn.Wait.class, wait -> {
            assertThat(wait.behind()).isEqualTo("n-10");
            assertThat(wait.delay()).isEqualTo(Duration.ofSeconds(31));
        });
        assertThat(next.turn(10, null, RULES, NOW)).isInstanceOf(Turn.Go.class);
        assertThat(next.state("d-2", NOW).getHeadLast()).isEqualTo("RETRYABLE 503");
    }
}
