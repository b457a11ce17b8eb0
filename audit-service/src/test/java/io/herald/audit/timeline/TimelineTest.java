package io.herald.audit.timeline;

import static io.herald.audit.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.store.EventRecord;
import io.herald.audit.store.EventRecord.AttemptFacts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private long seq;

    @Test
    void eachAttemptIsPrecededByItsSigning() {
        List<TimelineEntry> timeline = Timeline.of(List.of(
                stored(EventRecord.accepted("n-1", T0, "HTTP")),
                stored(attempt(1, T0.plusSeconds(1), T0.plusSeconds(2), "RETRYABLE")),
                stored(attempt(2, T0.plusSeconds(12), T0.plusSeconds(13), "DELIVERED"))));

        assertThat(timeline)
                .extracting(TimelineEntry::getClass)
                .containsExactly(
                        TimelineEntry.Accepted.class,
                        TimelineEntry.Signed.class,
                        TimelineEntry.Attempt.class,
                        TimelineEntry.Signed.class,
                        TimelineEntry.Attempt.class);
        assertThat(timeline.get(1)).isEqualTo(new TimelineEntry.Signed(T0.plusSeconds(1), 1));
        assertThat(timeline.get(3)).isEqualTo(new TimelineEntry.Signed(T0.plusSeconds(12), 2));
    }

    @Test
    void entriesAreOrderedByTimeWhateverOrderTheyWereStoredIn() {
        List<TimelineEntry> timeline = Timeline.of(List.of(
                stored(EventRecord.deadLetter("n-1", 1, T0.plusSeconds(3), "PERMANENT", "bad token")),
                stored(attempt(1, T0.plusSeconds(1), T0.plusSeconds(2), "PERMANENT")),
                stored(EventRecord.accepted("n-1", T0, "KAFKA"))));

        assertThat(timeline).extracting(TimelineEntry::at).isSorted();
        assertThat(timeline.getFirst()).isInstanceOf(TimelineEntry.Accepted.class);
        assertThat(timeline.getLast())
                .isEqualTo(new TimelineEntry.DeadLetter(T0.plusSeconds(3), "PERMANENT", "bad token", 1));
    }

    @Test
    void simultaneousEntriesKeepTheLifecycleOrder() {
        // millisecond clocks: a fast pipeline stamps several steps with the same instant
        List<TimelineEntry> timeline = Timeline.of(List.of(
                stored(EventRecord.deadLetter("n-1", 2, T0, "PERMANENT", "bad token")),
                stored(attempt(2, T0, T0, "PERMANENT")),
                stored(attempt(1, T0, T0, "RESIGN")),
                stored(EventRecord.accepted("n-1", T0, "KAFKA"))));

        assertThat(timeline)
                .extracting(Names::name)
                .containsExactly("ACCEPTED", "SIGNED 1", "SIGNED 2", "ATTEMPT 1", "ATTEMPT 2", "DEAD_LETTER");
    }

    @Test
    void repeatedSendOfOneAttemptShowsTwiceButItsSigningOnce() {
        // the dispatcher crashed after sending attempt 1 and sent the same signed request again
        List<TimelineEntry> timeline = Timeline.of(List.of(
                stored(attempt(1, T0, T0.plusMillis(100), "DELIVERED")),
                stored(attempt(1, T0, T0.plusSeconds(30), "DELIVERED"))));

        assertThat(timeline).extracting(Names::name).containsExactly("SIGNED 1", "ATTEMPT 1", "ATTEMPT 1");
    }

    @Test
    void replayFollowsTheDeadLetterAndShowsWhereTheReplayStands() {
        List<TimelineEntry> timeline = Timeline.of(
                List.of(
                        stored(EventRecord.replayed("n-1", 1, T0.plusSeconds(60), "n-1-replay-1", "ops")),
                        stored(EventRecord.deadLetter("n-1", 1, T0.plusSeconds(3), "PERMANENT", "bad token")),
                        stored(EventRecord.accepted("n-1", T0, "KAFKA"))),
                java.util.Map.of("n-1-replay-1", io.herald.audit.store.NotificationStatus.DELIVERED));

        assertThat(timeline)
                .extracting(Names::name)
                .containsExactly("ACCEPTED", "DEAD_LETTER", "REPLAYED n-1-replay-1");
        assertThat(timeline.getLast())
                .isEqualTo(new TimelineEntry.Replayed(T0.plusSeconds(60), "n-1-replay-1", 1, "ops", "DELIVERED"));
    }

    @Test
    void waitingIsTheLastEntryEvenWhenTheLastCheckPrecedesAnEvent() {
        // audit read the attempt after its last look at the broker: the notification still waits
        var waiting = new TimelineEntry.Waiting(T0.plusSeconds(1), "webhook", "herald-dispatcher-webhook", "nobody");
        List<TimelineEntry> timeline = Timeline.of(
                List.of(
                        stored(attempt(1, T0.plusSeconds(2), T0.plusSeconds(3), "RETRYABLE")),
                        stored(EventRecord.accepted("n-1", T0, "KAFKA"))),
                java.util.Map.of(),
                waiting);

        assertThat(timeline).extracting(Names::name).containsExactly("ACCEPTED", "SIGNED 1", "ATTEMPT 1", "WAITING");
        assertThat(timeline.getLast()).isEqualTo(waiting);
    }

    @Test
    void replayNotYetReadHasNoStatus() {
        List<TimelineEntry> timeline =
                Timeline.of(List.of(stored(EventRecord.replayed("n-1", 2, T0, "n-1-replay-2", "ops"))));

        assertThat(timeline).containsExactly(new TimelineEntry.Replayed(T0, "n-1-replay-2", 2, "ops", null));
    }

    @Test
    void aTryParkedUntilItsSlotShowsAsAWaitNotAsAnAttempt() {
        EventRecord parked = EventRecord.attempt(
                "n-1",
                1,
                T0.plusSeconds(1),
                "RETRYABLE",
                new AttemptFacts(
                        T0,
                        null,
                        null,
                        null,
                        "not sent: channel demo-dingtalk's window (20 per minute) is full: waits for its slot at"
                                + " 2026-12-07T06:01:01Z",
                        0L,
                        "d-1",
                        null,
                        "paced",
                        null,
                        null,
                        null,
                        null,
                        null));

        List<TimelineEntry> timeline = Timeline.of(List.of(
                stored(EventRecord.accepted("n-1", T0, "HTTP")),
                stored(parked),
                stored(attempt(2, T0.plusSeconds(61), T0.plusSeconds(61), "DELIVERED"))));

        assertThat(timeline)
                .extracting(Names::name)
                .containsExactly("ACCEPTED", "SIGNED 1", "PARKED 1", "SIGNED 2", "ATTEMPT 2");
        assertThat(timeline.get(2))
                .isEqualTo(new TimelineEntry.Paced(
                        T0.plusSeconds(1),
                        1,
                        true,
                        null,
                        "parked until its slot (a wait, not a failure): channel demo-dingtalk's window (20 per"
                                + " minute) is full: waits for its slot at 2026-12-07T06:01:01Z"));
    }

    @Test
    void aSentTryThatWaitedInItsLaneShowsTheWaitBeforeIt() {
        List<TimelineEntry> timeline = Timeline.of(List.of(
                stored(EventRecord.accepted("n-1", T0, "HTTP")),
                stored(EventRecord.attempt("n-1", 1, T0.plusSeconds(41), "DELIVERED", waited(T0, 41_000L)))));

        assertThat(timeline).extracting(Names::name).containsExactly("ACCEPTED", "SIGNED 1", "WAITED 1", "ATTEMPT 1");
        assertThat(timeline.get(2))
                .isEqualTo(new TimelineEntry.Paced(
                        T0, 1, false, 41_000L, "waited 41 s in its lane for its channel's rate window, then sent"));
        assertThat(((TimelineEntry.Attempt) timeline.get(3)).pacedMs()).isEqualTo(41_000L);
        assertThat(Timeline.seconds(4_200)).isEqualTo("4.2 s");
    }

    @Test
    void aTryAfterWhichTheRouteWentOnIsFollowedByWhereItWentAndWhy() {
        EventRecord onDingTalk = EventRecord.attempt(
                "n-1",
                1,
                T0.plusSeconds(1),
                "PERMANENT",
                routed(T0, "310000", "sign not match", 12L, "dingtalk-ops", "wecom-ops"));
        EventRecord onWeCom = EventRecord.attempt(
                "n-1", 2, T0.plusSeconds(3), "DELIVERED", routed(T0.plusSeconds(2), "0", "ok", 9L, "wecom-ops", null));

        List<TimelineEntry> timeline = Timeline.of(List.of(stored(onWeCom), stored(onDingTalk)));

        assertThat(timeline)
                .extracting(Names::name)
                .containsExactly("SIGNED 1", "ATTEMPT 1", "REROUTED 1", "SIGNED 2", "ATTEMPT 2");
        assertThat(timeline.get(2))
                .isEqualTo(new TimelineEntry.Rerouted(
                        T0.plusSeconds(1), 1, "dingtalk-ops", "wecom-ops", "PERMANENT 310000 sign not match"));
        assertThat(((TimelineEntry.Attempt) timeline.get(4)).channel()).isEqualTo("wecom-ops");
    }

    @Test
    void aTryWaitingBehindAnEarlierNotificationShowsAsAWaitLinkingItNotAsAnAttempt() {
        EventRecord held = notSent(
                1,
                T0.plusSeconds(1),
                "not sent: waiting behind notification n-0 (its next try at 2025-03-01T08:01:00Z)",
                "ordered",
                "n-0");

        List<TimelineEntry> timeline = Timeline.of(List.of(
                stored(EventRecord.accepted("n-1", T0, "HTTP")),
                stored(held),
                stored(attempt(2, T0.plusSeconds(61), T0.plusSeconds(61), "DELIVERED"))));

        assertThat(timeline)
                .extracting(Names::name)
                .containsExactly("ACCEPTED", "SIGNED 1", "WAITING", "SIGNED 2", "ATTEMPT 2");
        assertThat(timeline.get(2))
                .isEqualTo(new TimelineEntry.Waiting(
                        T0.plusSeconds(1),
                        1,
                        null,
                        null,
                        "n-0",
                        "ordered",
                        "held by its ordered channel (a wait, not a failure): waiting behind notification n-0 (its"
                                + " next try at 2025-03-01T08:01:00Z)"));
    }

    @Test
    void aTryOfAStoppedOrderedChannelShowsAsAWaitSayingWhy() {
        EventRecord held = notSent(
                1,
                T0.plusSeconds(1),
                "not sent: channel ops-alerts is stopped by dead letter n-0 until an operator resumes it",
                "ordered_stopped",
                null);

        List<TimelineEntry> timeline = Timeline.of(List.of(stored(held)));

        assertThat(timeline).extracting(Names::name).containsExactly("SIGNED 1", "WAITING");
        var waiting = (TimelineEntry.Waiting) timeline.getLast();
        assertThat(waiting.notSentCause()).isEqualTo("ordered_stopped");
        assertThat(waiting.waitingBehind()).isNull();
        assertThat(waiting.reason())
                .isEqualTo("held by its ordered channel (a wait, not a failure): channel ops-alerts is stopped by dead"
                        + " letter n-0 until an operator resumes it");
    }

    @Test
    void aTryRefusedBecauseTooManyWaitIsAnAttempt() {
        EventRecord refused = notSent(1, T0.plusSeconds(1), "not sent: 1000 wait", "ordered_full", "n-0");

        assertThat(Timeline.of(List.of(stored(refused))))
                .extracting(Names::name)
                .containsExactly("SIGNED 1", "ATTEMPT 1");
    }

    /** A try of n-1 the dispatcher did not send, signed 100 ms before it started. */
    private static EventRecord notSent(int n, Instant at, String error, String cause, String waitingBehind) {
        return EventRecord.attempt(
                "n-1",
                n,
                at,
                "RETRYABLE",
                new AttemptFacts(
                        at.minusMillis(100),
                        null,
                        null,
                        null,
                        error,
                        0L,
                        "d-1",
                        null,
                        cause,
                        null,
                        null,
                        null,
                        null,
                        waitingBehind));
    }

    @Test
    void rejectionCarriesItsViolations() {
        var violation = new EventRecord.Violation("channel", "unknown_channel", "no channel named 'x'");

        List<TimelineEntry> timeline = Timeline.of(
                List.of(stored(EventRecord.rejected("n-1", T0, "HTTP", List.of(violation), null, null, null))));

        assertThat(timeline)
                .containsExactly(new TimelineEntry.Rejected(T0, "HTTP", List.of(violation), null, null, null));
    }

    private EventRecord stored(EventRecord e) {
        return new EventRecord(
                ++seq,
                e.notificationId(),
                e.kind(),
                e.attempt(),
                e.occurredAt(),
                e.outcome(),
                e.source(),
                e.reason(),
                e.violations(),
                e.rawPayloadBytes(),
                e.rawPayloadPreview(),
                e.origin(),
                e.replayId(),
                e.requestedBy(),
                e.attemptFacts());
    }

    private static EventRecord attempt(int n, Instant signedAt, Instant startedAt, String outcome) {
        return EventRecord.attempt("n-1", n, startedAt, outcome, waited(signedAt, null));
    }

    /** A sent try answered 200 "0 ok" in 12 ms, after it waited pacedMs in its lane (null: it did not wait). */
    private static AttemptFacts waited(Instant signedAt, Long pacedMs) {
        return new AttemptFacts(
                signedAt, 200, "0", "ok", null, 12L, "d-1", null, null, pacedMs, null, null, null, null);
    }

    /** A sent try answered 200 on channel, after which the notification went on to reroutedTo (null: it stopped). */
    private static AttemptFacts routed(
            Instant signedAt,
            String providerCode,
            String providerMessage,
            long latencyMs,
            String channel,
            String reroutedTo) {
        return new AttemptFacts(
                signedAt,
                200,
                providerCode,
                providerMessage,
                null,
                latencyMs,
                "d-1",
                null,
                null,
                null,
                channel,
                reroutedTo,
                null,
                null);
    }

    /** Short names for asserting order. */
    private static final class Names {
        static String name(TimelineEntry entry) {
            return switch (entry) {
                case TimelineEntry.Accepted a -> "ACCEPTED";
                case TimelineEntry.Rejected r -> "REJECTED";
                case TimelineEntry.Signed s -> "SIGNED " + s.attempt();
                case TimelineEntry.Attempt a -> "ATTEMPT " + a.attempt();
                case TimelineEntry.DeadLetter d -> "DEAD_LETTER";
                case TimelineEntry.Replayed r -> "REPLAYED " + r.replayId();
                case TimelineEntry.Waiting w -> "WAITING";
                case TimelineEntry.Paced p -> (p.parked() ? "PARKED " : "WAITED ") + p.attempt();
                case TimelineEntry.Rerouted r -> "REROUTED " + r.attempt();
            };
        }
    }
}
