package io.herald.audit.consume;

import static io.herald.audit.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.Fixtures;
import io.herald.audit.store.AuditEvent;
import io.herald.audit.store.AvroJson;
import io.herald.audit.store.EventKind;
import io.herald.audit.store.EventRecord;
import io.herald.audit.store.NotificationStatus;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Outcome;
import io.herald.schema.RejectedNotification;
import org.junit.jupiter.api.Test;

class AuditEventsTest {

    @Test
    void acceptedEventKeepsMetadataButNotContent() {
        AcceptedNotification accepted = Fixtures.replayOf("n-2", "n-1");

        AuditEvent event = AuditEvents.accepted(accepted);

        assertThat(event.event().kind()).isEqualTo(EventKind.ACCEPTED);
        assertThat(event.event().occurredAt()).isEqualTo(T0);
        assertThat(event.event().source()).isEqualTo("REPLAY");
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.ACCEPTED);
        assertThat(event.notification().channel()).isEqualTo("ops-alerts");
        assertThat(event.notification().provider()).isEqualTo("dingtalk");
        assertThat(event.notification().replay().originalId()).isEqualTo("n-1");
        assertThat(event.notification().replay().requestedBy()).isEqualTo("alice");
        assertThat(event.notification().acceptedNotificationJson()).isNull();
    }

    @Test
    void deliveredAttemptIsDeliveredWhenTheProviderAnswered() {
        DeliveryAttempt attempt = Fixtures.attempt("n-1", 2, Outcome.DELIVERED);

        AuditEvent event = AuditEvents.attempt(attempt);

        assertThat(event.event().attempt()).isEqualTo(2);
        assertThat(event.event().occurredAt()).isEqualTo(attempt.getStartedAt());
        assertThat(event.event().attemptFacts().signedAt()).isEqualTo(attempt.getSignedAt());
        assertThat(event.event().attemptFacts().providerCode()).isEqualTo("0");
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.DELIVERED);
        assertThat(event.notification().deliveredAt())
                .isEqualTo(attempt.getStartedAt().plusMillis(12));
        assertThat(event.notification().attempts()).isEqualTo(2);
        assertThat(event.notification().lastAttempt().outcome()).isEqualTo("DELIVERED");
    }

    @Test
    void aTryParkedUntilItsSlotWaitsWithoutLookingFailed() {
        DeliveryAttempt parked = DeliveryAttempt.newBuilder(Fixtures.attempt("n-1", 1, Outcome.RETRYABLE))
                .setHttpStatus(null)
                .setProviderCode(null)
                .setProviderMessage(null)
                .setLatencyMs(0)
                .setError("not sent: channel ops-alerts's window (20 per minute) is full: waits for its slot at x")
                .setNotSentCause("paced")
                .build();

        AuditEvent event = AuditEvents.attempt(parked);

        assertThat(event.event().attemptFacts().notSentCause()).isEqualTo("paced");
        assertThat(event.event().pacedAndParked()).isTrue();
        // not RETRYING, no last outcome (a search for RETRYABLE does not find it); the attempt number still counts
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.ACCEPTED);
        assertThat(event.notification().lastAttempt()).isNull();
        assertThat(event.notification().attempts()).isEqualTo(1);
    }

    @Test
    void aTryWaitingBehindAnEarlierNotificationOfItsOrderedChannelWaitsWithoutLookingFailed() {
        DeliveryAttempt held = notSent("n-2", "ordered", "n-1")
                .setError("not sent: waiting behind notification n-1 (its next try at 2025-03-01T08:01:00Z)")
                .build();

        AuditEvent event = AuditEvents.attempt(held);

        assertThat(event.event().attemptFacts().waitingBehind()).isEqualTo("n-1");
        assertThat(event.event().waitsInOrder()).isTrue();
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.ACCEPTED);
        assertThat(event.notification().lastAttempt()).isNull();
    }

    @Test
    void aTryHeldByAStoppedOrderedChannelWaitsToo() {
        DeliveryAttempt held = notSent("n-2", "ordered_stopped", null)
                .setError("not sent: channel ops-alerts is stopped by dead letter n-1 until an operator resumes it")
                .build();

        AuditEvent event = AuditEvents.attempt(held);

        assertThat(event.event().waitsInOrder()).isTrue();
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.ACCEPTED);
        assertThat(event.notification().lastAttempt()).isNull();
    }

    @Test
    void aTryHeldUntilItsOrderedChannelsStateIsReadWaitsToo() {
        DeliveryAttempt held = notSent("n-2", "ordered_unknown", null)
                .setError("not sent: channel ops-alerts keeps its order, and where it stands (herald.ordering) could"
                        + " not be read yet")
                .build();

        AuditEvent event = AuditEvents.attempt(held);

        assertThat(event.event().waitsInOrder()).isTrue();
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.ACCEPTED);
    }

    @Test
    void aTryRefusedBecauseTooManyWaitOnItsOrderedChannelIsAFailure() {
        DeliveryAttempt refused = DeliveryAttempt.newBuilder(notSent("n-2", "ordered_full", "n-1")
                        .setError("not sent: 1000 notifications wait on ordered channel ops-alerts")
                        .build())
                .setOutcome(Outcome.PERMANENT)
                .build();

        AuditEvent event = AuditEvents.attempt(refused);

        assertThat(event.event().waitsInOrder()).isFalse();
        assertThat(event.notification().lastAttempt().outcome()).isEqualTo("PERMANENT");
    }

    private static DeliveryAttempt.Builder notSent(String id, String cause, String behind) {
        return DeliveryAttempt.newBuilder(Fixtures.attempt(id, 1, Outcome.RETRYABLE))
                .setHttpStatus(null)
                .setProviderCode(null)
                .setProviderMessage(null)
                .setLatencyMs(0)
                .setNotSentCause(cause)
                .setWaitingBehind(behind);
    }

    @Test
    void aSentTryKeepsHowLongItWaitedInItsLane() {
        DeliveryAttempt waited = DeliveryAttempt.newBuilder(Fixtures.attempt("n-1", 1, Outcome.DELIVERED))
                .setPacedMs(4_200L)
                .build();

        AuditEvent event = AuditEvents.attempt(waited);

        assertThat(event.event().attemptFacts().pacedMs()).isEqualTo(4_200L);
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.DELIVERED);
        assertThat(event.notification().lastAttempt().outcome()).isEqualTo("DELIVERED");
    }

    @Test
    void resignAttemptIsRetryingAndNotDelivered() {
        AuditEvent event = AuditEvents.attempt(Fixtures.attempt("n-1", 1, Outcome.RESIGN));

        assertThat(event.notification().status()).isEqualTo(NotificationStatus.RETRYING);
        assertThat(event.notification().deliveredAt()).isNull();
        assertThat(event.event().attemptFacts().providerCode()).isEqualTo("310000");
    }

    @Test
    void rejectionKeepsEveryViolation() {
        AuditEvent event = AuditEvents.rejected(Fixtures.rejected("n-1"));

        assertThat(event.event().violations())
                .containsExactly(
                        new EventRecord.Violation("channel", "unknown_channel", "no channel named 'no-such-channel'"),
                        new EventRecord.Violation("content.text", "blank", "text must not be blank"));
        assertThat(event.event().rawPayloadBytes()).isNull();
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.REJECTED);
        assertThat(event.notification().rejectedAt()).isEqualTo(T0);
        assertThat(event.notification().provider()).isNull();
    }

    @Test
    void undecodableRecordKeepsOnlyItsSizeAndAShortPreview() {
        RejectedNotification rejected = Fixtures.undecodable("n-1", 1000);

        AuditEvent event = AuditEvents.rejected(rejected);

        assertThat(event.event().rawPayloadBytes()).isEqualTo(1000);
        assertThat(event.event().rawPayloadPreview())
                .hasSize(2 * EventRecord.RAW_PREVIEW_BYTES)
                .startsWith("000102030405");
        assertThat(event.event().origin()).isEqualTo(new EventRecord.Origin("herald.requests", 2, 41));
        assertThat(rejected.getRawPayload().remaining())
                .as("record buffer untouched")
                .isEqualTo(1000);
    }

    @Test
    void shortUndecodableRecordIsPreviewedWhole() {
        AuditEvent event = AuditEvents.rejected(Fixtures.undecodable("n-1", 3));

        assertThat(event.event().rawPayloadPreview()).isEqualTo("000102");
    }

    @Test
    void deadLetterCompletesTheNotificationFromItsCopy() {
        DeliveryAttempt first = Fixtures.attempt("n-1", 1, Outcome.RETRYABLE);
        DeliveryAttempt second = Fixtures.attempt("n-1", 2, Outcome.PERMANENT);

        AuditEvent event = AuditEvents.deadLetter(Fixtures.deadLetter("n-1", Outcome.PERMANENT, second, first));

        assertThat(event.event().kind()).isEqualTo(EventKind.DEAD_LETTER);
        assertThat(event.event().attempt()).isEqualTo(2);
        assertThat(event.event().outcome()).isEqualTo("PERMANENT");
        assertThat(event.event().reason()).contains("300001");
        assertThat(event.notification().status()).isEqualTo(NotificationStatus.DEAD_LETTERED);
        assertThat(event.notification().deadLetteredAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(event.notification().acceptedAt()).isEqualTo(T0);
        assertThat(event.notification().idempotencyKey()).isEqualTo("key-n-1");
        assertThat(event.notification().lastAttempt().attempt()).isEqualTo(2);
        assertThat(event.notification().lastAttempt().providerCode()).isEqualTo("300001");
        assertThat(AvroJson.decode(event.notification().acceptedNotificationJson(), AcceptedNotification.class))
                .isEqualTo(Fixtures.accepted("n-1"));
    }

    @Test
    void deadLetterWithoutAttemptsSaysNothingAboutThem() {
        AuditEvent event = AuditEvents.deadLetter(Fixtures.deadLetter("n-1", Outcome.PERMANENT));

        assertThat(event.event().attempt()).isZero();
        assertThat(event.notification().lastAttempt()).isNull();
    }
}
