package io.herald.audit.store;

import static io.herald.audit.Fixtures.T0;
import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static io.herald.audit.Fixtures.rejected;
import static io.herald.audit.Fixtures.undecodable;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.AuditItSupport;
import io.herald.audit.consume.AuditEvents;
import io.herald.audit.consume.AuditRecorder;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Outcome;
import io.herald.schema.RejectedNotification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Recording events of every kind, in any order and more than once, on real PostgreSQL. */
class AuditStoreIT extends AuditItSupport {

    @Autowired
    AuditRecorder recorder;

    @Autowired
    AuditStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void acceptedNotificationIsRecordedWithoutItsContent() {
        String id = newId();
        AcceptedNotification accepted = accepted(id);

        assertThat(recorder.record(accepted)).isTrue();

        NotificationRecord n = notification(id);
        assertThat(n.status()).isEqualTo(NotificationStatus.ACCEPTED);
        assertThat(n.channel()).isEqualTo("ops-alerts");
        assertThat(n.provider()).isEqualTo("dingtalk");
        assertThat(n.tenant()).isEqualTo("acme");
        assertThat(n.idempotencyKey()).isEqualTo("key-" + id);
        assertThat(n.source()).isEqualTo("KAFKA");
        assertThat(n.acceptedAt()).isEqualTo(T0);
        assertThat(n.firstEventAt()).isEqualTo(T0);
        assertThat(n.attempts()).isZero();
        assertThat(n.replay()).isNull();
        assertThat(store.events(id)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.ACCEPTED);
            assertThat(e.occurredAt()).isEqualTo(T0);
            assertThat(e.source()).isEqualTo("KAFKA");
        });
        assertThat(store.acceptedNotificationJson(id)).isEmpty();
    }

    @Test
    void replayLineageIsRecorded() {
        String id = newId();

        recorder.record(io.herald.audit.Fixtures.replayOf(id, "n-original"));

        assertThat(notification(id).replay())
                .isEqualTo(new NotificationChange.ReplayLineage("n-original", 1, "alice", T0.minusSeconds(5)));
        assertThat(notification(id).source()).isEqualTo("REPLAY");
    }

    @Test
    void rejectionIsRecordedWithEveryViolation() {
        String id = newId();

        recorder.record(rejected(id));

        NotificationRecord n = notification(id);
        assertThat(n.status()).isEqualTo(NotificationStatus.REJECTED);
        assertThat(n.rejectedAt()).isEqualTo(T0);
        assertThat(n.channel()).isEqualTo("no-such-channel");
        assertThat(n.provider()).isNull();
        assertThat(store.events(id))
                .singleElement()
                .satisfies(e -> assertThat(e.violations())
                        .extracting(EventRecord.Violation::code)
                        .containsExactly("unknown_channel", "blank"));
        // the violations column is searchable by code
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit.event
                 WHERE notification_id = ? AND violations @> '[{"code":"unknown_channel"}]'""", Integer.class, id)).isEqualTo(1);
    }

    @Test
    void undecodableRecordIsRecordedWithoutItsBytes() {
        String id = newId();

        recorder.record(undecodable(id, 5_000));

        EventRecord e = store.events(id).getFirst();
        assertThat(e.rawPayloadBytes()).isEqualTo(5_000);
        assertThat(e.rawPayloadPreview()).hasSize(128).startsWith("00010203");
        assertThat(e.origin()).isEqualTo(new EventRecord.Origin("herald.requests", 2, 41));
        assertThat(notification(id).channel()).isNull();
    }

    @Test
    void attemptIsRecordedWithTheProviderAnswer() {
        String id = newId();
        DeliveryAttempt attempt = attempt(id, 1, Outcome.RESIGN);

        recorder.record(attempt);

        NotificationRecord n = notification(id);
        assertThat(n.status()).isEqualTo(NotificationStatus.RETRYING);
        assertThat(n.attempts()).isEqualTo(1);
        assertThat(n.lastOutcome()).isEqualTo("RESIGN");
        assertThat(n.lastHttpStatus()).isEqualTo(200);
        assertThat(n.lastProviderCode()).isEqualTo("310000");
        assertThat(store.events(id)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.ATTEMPT);
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.occurredAt()).isEqualTo(attempt.getStartedAt());
            assertThat(e.attemptFacts().signedAt()).isEqualTo(attempt.getSignedAt());
            assertThat(e.outcome()).isEqualTo("RESIGN");
            assertThat(e.attemptFacts().httpStatus()).isEqualTo(200);
            assertThat(e.attemptFacts().providerCode()).isEqualTo("310000");
            assertThat(e.attemptFacts().providerMessage()).isEqualTo("invalid timestamp");
            assertThat(e.attemptFacts().latencyMs()).isEqualTo(12);
            assertThat(e.attemptFacts().dispatcher()).isEqualTo("dispatcher-1");
            assertThat(e.attemptFacts().responseDate()).isEqualTo(attempt.getResponseDate());
            assertThat(e.attemptFacts().error()).isNull();
        });
    }

    @Test
    void aTryParkedUntilItsSlotIsStoredAsAWaitAndTheSentOneWithItsWait() {
        String id = newId();
        recorder.record(accepted(id));
        recorder.record(DeliveryAttempt.newBuilder(attempt(id, 1, Outcome.RETRYABLE))
                .setHttpStatus(null)
                .setProviderCode(null)
                .setProviderMessage(null)
                .setError("not sent: channel ops-alerts's window (20 per minute) is full: waits for its slot at x")
                .setNotSentCause("paced")
                .build());

        NotificationRecord waiting = notification(id);
        assertThat(waiting.status()).isEqualTo(NotificationStatus.ACCEPTED);
        assertThat(waiting.lastOutcome()).isNull();

        recorder.record(DeliveryAttempt.newBuilder(attempt(id, 2, Outcome.DELIVERED))
                .setPacedMs(4_200L)
                .build());

        assertThat(notification(id).status()).isEqualTo(NotificationStatus.DELIVERED);
        assertThat(store.events(id))
                .filteredOn(e -> e.kind() == EventKind.ATTEMPT)
                .extracting(
                        e -> e.attemptFacts().notSentCause(),
                        e -> e.attemptFacts().pacedMs())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("paced", null),
                        org.assertj.core.groups.Tuple.tuple(null, 4_200L));
    }

    @Test
    void deadLetterIsRecordedWithWhatAReplayNeeds() {
        String id = newId();

        recorder.record(deadLetter(id, Outcome.PERMANENT, attempt(id, 1, Outcome.PERMANENT)));

        NotificationRecord n = notification(id);
        assertThat(n.status()).isEqualTo(NotificationStatus.DEAD_LETTERED);
        assertThat(n.deadLetteredAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(n.acceptedAt()).isEqualTo(T0);
        assertThat(n.firstEventAt()).as("dated by its acceptance").isEqualTo(T0);
        assertThat(n.attempts()).isEqualTo(1);
        assertThat(n.lastOutcome()).isEqualTo("PERMANENT");
        assertThat(store.events(id)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.DEAD_LETTER);
            assertThat(e.outcome()).isEqualTo("PERMANENT");
            assertThat(e.reason()).contains("300001");
        });
        assertThat(store.acceptedNotificationJson(id))
                .hasValueSatisfying(json -> assertThat(AvroJson.decode(json, AcceptedNotification.class))
                        .isEqualTo(accepted(id)));
    }

    @Test
    void reconsumedEventsAddNoRowAndChangeNothing() {
        String id = newId();
        String rejectedId = newId();
        recordAll(id);
        recorder.record(rejected(rejectedId));
        NotificationRecord before = notification(id);
        int events = eventCount(id);

        // the same records again, as after a consumer restart before its offsets were committed
        assertThat(recorder.record(accepted(id))).isFalse();
        assertThat(recorder.record(attempt(id, 1, Outcome.RETRYABLE))).isFalse();
        assertThat(recorder.record(attempt(id, 2, Outcome.PERMANENT))).isFalse();
        assertThat(recorder.record(deadLetter(id, Outcome.PERMANENT))).isFalse();
        assertThat(recorder.record(rejected(rejectedId))).isFalse();

        assertThat(eventCount(id)).isEqualTo(events).isEqualTo(4);
        assertThat(eventCount(rejectedId)).isEqualTo(1);
        assertThat(notification(id)).isEqualTo(before);
    }

    @Test
    void attemptReadBeforeItsAcceptanceEndsDelivered() {
        String id = newId();

        recorder.record(attempt(id, 1, Outcome.DELIVERED));
        recorder.record(accepted(id));

        NotificationRecord n = notification(id);
        assertThat(n.status()).isEqualTo(NotificationStatus.DELIVERED);
        assertThat(n.acceptedAt()).isEqualTo(T0);
        assertThat(n.deliveredAt()).isEqualTo(T0.plusSeconds(1).plusMillis(112));
        assertThat(n.idempotencyKey()).isEqualTo("key-" + id);
        assertThat(n.firstEventAt()).isEqualTo(T0);
        assertThat(n.lastEventAt()).isEqualTo(T0.plusSeconds(1).plusMillis(100));
    }

    @Test
    void lateOlderAttemptMovesNeitherStatusNorLastOutcomeBack() {
        String id = newId();

        recorder.record(attempt(id, 2, Outcome.DELIVERED));
        recorder.record(attempt(id, 1, Outcome.RETRYABLE));

        NotificationRecord n = notification(id);
        assertThat(n.status()).isEqualTo(NotificationStatus.DELIVERED);
        assertThat(n.attempts()).isEqualTo(2);
        assertThat(n.lastOutcome()).isEqualTo("DELIVERED");
        assertThat(n.lastProviderCode()).isEqualTo("0");
    }

    @Test
    void deadLetterReadFirstStaysDeadLettered() {
        String id = newId();

        recorder.record(deadLetter(id, Outcome.RETRYABLE));
        recorder.record(attempt(id, 2, Outcome.RETRYABLE));
        recorder.record(attempt(id, 1, Outcome.RESIGN));
        recorder.record(accepted(id));

        NotificationRecord n = notification(id);
        assertThat(n.status()).isEqualTo(NotificationStatus.DEAD_LETTERED);
        assertThat(n.attempts()).isEqualTo(2);
        assertThat(n.lastOutcome()).isEqualTo("RETRYABLE");
        assertThat(eventCount(id)).isEqualTo(4);
    }

    @Test
    void firstTerminalStatusWins() {
        String id = newId();

        recorder.record(attempt(id, 1, Outcome.DELIVERED));
        recorder.record(deadLetter(id, Outcome.PERMANENT));
        recorder.record(attempt(id, 2, Outcome.RETRYABLE));

        assertThat(notification(id).status()).isEqualTo(NotificationStatus.DELIVERED);
        assertThat(notification(id).deadLetteredAt()).as("the fact is kept").isNotNull();
    }

    @Test
    void rejectionOfARequestReusingAnAcceptedIdDoesNotEndIt() {
        // ingest rejects under the caller's id: an invalid resend of an accepted notification's id, read before ...
        String early = newId();
        recorder.record(rejected(early));
        recorder.record(accepted(early));
        recorder.record(attempt(early, 1, Outcome.RETRYABLE));
        // ... or after the notification's own events
        String late = newId();
        recorder.record(accepted(late));
        recorder.record(rejected(late));

        assertThat(notification(early).status()).isEqualTo(NotificationStatus.RETRYING);
        assertThat(notification(early).rejectedAt()).as("the rejection is kept").isEqualTo(T0);
        assertThat(notification(late).status()).isEqualTo(NotificationStatus.ACCEPTED);
        assertThat(store.events(late))
                .extracting(EventRecord::kind)
                .containsExactlyInAnyOrder(EventKind.ACCEPTED, EventKind.REJECTED);
    }

    @Test
    void anotherTenantsRejectedRequestReusingAnIdDoesNotMakeTheNotificationItsOwn() {
        // the tenant decides who may see a notification: what ingest accepted, not what a rejected request claimed
        String rejectedFirst = newId();
        recorder.record(RejectedNotification.newBuilder(rejected(rejectedFirst))
                .setTenant("intruder")
                .build());
        assertThat(notification(rejectedFirst).tenant())
                .as("only the rejection is known yet")
                .isEqualTo("intruder");
        recorder.record(accepted(rejectedFirst));
        recorder.record(RejectedNotification.newBuilder(rejected(rejectedFirst))
                .setTenant("intruder")
                .setRejectedAt(T0.plusSeconds(9))
                .build());
        String acceptedFirst = newId();
        recorder.record(accepted(acceptedFirst));
        recorder.record(RejectedNotification.newBuilder(rejected(acceptedFirst))
                .setTenant("intruder")
                .build());
        String attemptAfterRejection = newId();
        recorder.record(RejectedNotification.newBuilder(rejected(attemptAfterRejection))
                .setTenant("intruder")
                .build());
        recorder.record(attempt(attemptAfterRejection, 1, Outcome.DELIVERED));

        assertThat(notification(rejectedFirst).tenant()).isEqualTo("acme");
        assertThat(notification(acceptedFirst).tenant()).isEqualTo("acme");
        assertThat(notification(attemptAfterRejection).tenant()).isEqualTo("acme");
    }

    @Test
    void repeatedSendOfAnAttemptIsASecondRow() {
        String id = newId();
        DeliveryAttempt first = attempt(id, 1, Outcome.DELIVERED);
        // the dispatcher crashed before committing and sent the same signed request again 30 s later
        DeliveryAttempt again = DeliveryAttempt.newBuilder(first)
                .setStartedAt(first.getStartedAt().plusSeconds(30))
                .setDispatcher("dispatcher-2")
                .build();

        assertThat(recorder.record(first)).isTrue();
        assertThat(recorder.record(again)).isTrue();

        assertThat(store.events(id))
                .extracting(e -> e.attemptFacts().dispatcher())
                .containsExactly("dispatcher-1", "dispatcher-2");
        assertThat(notification(id).attempts()).isEqualTo(1);
        assertThat(notification(id).deliveredAt())
                .as("the first delivery")
                .isEqualTo(first.getStartedAt().plusMillis(12));
    }

    @Test
    void providerTextPostgresCannotHoldIsRecordedCleaned() {
        String id = newId();
        DeliveryAttempt odd = DeliveryAttempt.newBuilder(attempt(id, 1, Outcome.RETRYABLE))
                .setProviderMessage("bad\0gateway " + "x".repeat(10_000))
                .setError("reset\0")
                .build();

        recorder.record(odd);

        EventRecord e = store.events(id).getFirst();
        assertThat(e.attemptFacts().providerMessage()).startsWith("badgateway ").hasSize(AuditStore.MAX_TEXT);
        assertThat(e.attemptFacts().error()).isEqualTo("reset");
    }

    @Test
    void batchIsRecordedAndCountsOnlyNewEvents() {
        String id = newId();
        recorder.record(accepted(id));

        int added = store.recordAll(List.of(
                AuditEvents.accepted(accepted(id)),
                AuditEvents.attempt(attempt(id, 1, Outcome.DELIVERED)),
                AuditEvents.attempt(attempt(id, 1, Outcome.DELIVERED))));

        assertThat(added).isEqualTo(1);
        assertThat(eventCount(id)).isEqualTo(2);
        assertThat(notification(id).status()).isEqualTo(NotificationStatus.DELIVERED);
    }

    @Test
    void redeliveredBatchAddsNoRowAndChangesNothing() {
        String id = newId();
        List<AuditEvent> batch = List.of(
                AuditEvents.accepted(accepted(id)),
                AuditEvents.attempt(attempt(id, 1, Outcome.RETRYABLE)),
                AuditEvents.attempt(attempt(id, 2, Outcome.PERMANENT)),
                AuditEvents.deadLetter(deadLetter(id, Outcome.PERMANENT, attempt(id, 2, Outcome.PERMANENT))));
        assertThat(store.recordAll(batch)).isEqualTo(4);
        NotificationRecord before = notification(id);

        // the consumer crashed before committing its offsets: the same poll arrives again
        int added = store.recordAll(batch);

        assertThat(added).isZero();
        assertThat(eventCount(id)).isEqualTo(4);
        assertThat(notification(id)).isEqualTo(before);
    }

    @Test
    void concurrentEventsOfOneNotificationEndConsistent() throws Exception {
        String id = newId();
        int attempts = 12;
        List<Callable<Boolean>> work = new ArrayList<>();
        work.add(() -> recorder.record(accepted(id)));
        for (int n = 1; n <= attempts; n++) {
            DeliveryAttempt a = attempt(id, n, n == attempts ? Outcome.DELIVERED : Outcome.RETRYABLE);
            work.add(() -> recorder.record(a));
            work.add(() -> recorder.record(a)); // and its redelivery
        }
        Collections.shuffle(work);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Boolean> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        NotificationRecord n = notification(id);
        assertThat(eventCount(id)).isEqualTo(attempts + 1);
        assertThat(n.status()).isEqualTo(NotificationStatus.DELIVERED);
        assertThat(n.attempts()).isEqualTo(attempts);
        assertThat(n.lastOutcome()).isEqualTo("DELIVERED");
        assertThat(n.acceptedAt()).isEqualTo(T0);
    }

    @Test
    void attemptIsRecordedWithItsExplanation() {
        String id = newId();
        DeliveryAttempt attempt = DeliveryAttempt.newBuilder(attempt(id, 1, Outcome.PERMANENT))
                .setExplanation(new io.herald.schema.FailureExplanation(
                        "DingTalk 310000: sign not match: secret mismatch",
                        "the channel's secret is not the robot's",
                        "https://open.dingtalk.com/document/robots/customize-robot-security-settings"))
                .build();

        recorder.record(attempt);

        assertThat(store.events(id))
                .singleElement()
                .satisfies(e -> assertThat(e.attemptFacts().explanation())
                        .isEqualTo(new EventRecord.Explanation(
                                "DingTalk 310000: sign not match: secret mismatch",
                                "the channel's secret is not the robot's",
                                "https://open.dingtalk.com/document/robots/customize-robot-security-settings")));
    }

    private void recordAll(String id) {
        recorder.record(accepted(id));
        recorder.record(attempt(id, 1, Outcome.RETRYABLE));
        recorder.record(attempt(id, 2, Outcome.PERMANENT));
        recorder.record(deadLetter(id, Outcome.PERMANENT));
    }

    private NotificationRecord notification(String id) {
        return store.findNotification(id).orElseThrow();
    }

    private int eventCount(String id) {
        return jdbc.queryForObject("SELECT count(*) FROM audit.event WHERE notification_id = ?", Integer.class, id);
    }
}
