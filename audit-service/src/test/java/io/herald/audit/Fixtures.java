package io.herald.audit;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.Outcome;
import io.herald.schema.RecordOrigin;
import io.herald.schema.RejectedNotification;
import io.herald.schema.ReplayLineage;
import io.herald.schema.Source;
import io.herald.schema.Violation;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Herald events as the pipeline writes them, for tests. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    static {
        // Avro 1.12 copies records (builders from a record) only for trusted packages; services trust it at start-up.
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }

    private Fixtures() {}

    public static String newId() {
        return "n-" + UUID.randomUUID();
    }

    public static AcceptedNotification accepted(String id) {
        return AcceptedNotification.newBuilder()
                .setNotificationId(id)
                .setIdempotencyKey("key-" + id)
                .setChannel("ops-alerts")
                .setProvider("dingtalk")
                .setTenant("acme")
                .setContent(ChatMessage.newBuilder()
                        .setTitle("Disk")
                        .setText("disk almost full on db-1")
                        .setFormat(MessageFormat.MARKDOWN)
                        .setMentions(Mentions.newBuilder()
                                .setMobiles(List.of("13800000000"))
                                .setUserIds(List.of())
                                .setAll(false)
                                .build())
                        .build())
                .setAttributes(Map.of("team", "storage"))
                .setSource(Source.KAFKA)
                .setAcceptedAt(T0)
                .build();
    }

    public static AcceptedNotification replayOf(String id, String originalId) {
        return AcceptedNotification.newBuilder(accepted(id))
                .setSource(Source.REPLAY)
                .setReplay(ReplayLineage.newBuilder()
                        .setOriginalNotificationId(originalId)
                        .setReplayCount(1)
                        .setRequestedBy("alice")
                        .setRequestedAt(T0.minusSeconds(5))
                        .build())
                .build();
    }

    /** Attempt {@code n}, signed at T0 + n s and started 100 ms later. */
    public static DeliveryAttempt attempt(String id, int n, Outcome outcome) {
        Instant signedAt = T0.plusSeconds(n);
        DeliveryAttempt.Builder b = DeliveryAttempt.newBuilder()
                .setNotificationId(id)
                .setChannel("ops-alerts")
                .setProvider("dingtalk")
                .setTenant("acme")
                .setAttempt(n)
                .setSignedAt(signedAt)
                .setStartedAt(signedAt.plusMillis(100))
                .setLatencyMs(12)
                .setOutcome(outcome)
                .setHttpStatus(200)
                .setResponseDate(signedAt.plusMillis(112))
                .setDispatcher("dispatcher-1");
        return switch (outcome) {
            case DELIVERED -> b.setProviderCode("0").setProviderMessage("ok").build();
            case RETRYABLE ->
                b.setProviderCode("130101")
                        .setProviderMessage("send too fast, exceed 20 times per minute")
                        .build();
            case RESIGN ->
                b.setProviderCode("310000")
                        .setProviderMessage("invalid timestamp")
                        .build();
            case PERMANENT ->
                b.setProviderCode("300001")
                        .setProviderMessage("token is not exist")
                        .build();
        };
    }

    public static DeadLetter deadLetter(String id, Outcome finalOutcome, DeliveryAttempt... attempts) {
        return DeadLetter.newBuilder()
                .setNotificationId(id)
                .setChannel("ops-alerts")
                .setProvider("dingtalk")
                .setTenant("acme")
                .setNotification(accepted(id))
                .setFinalOutcome(finalOutcome)
                .setReason("robot access token unknown (errcode 300001)")
                .setAttempts(List.of(attempts))
                .setDeadAt(T0.plusSeconds(60))
                .build();
    }

    public static RejectedNotification rejected(String id) {
        return RejectedNotification.newBuilder()
                .setNotificationId(id)
                .setChannel("no-such-channel")
                .setSource(Source.HTTP)
                .setViolations(List.of(
                        new Violation("channel", "unknown_channel", "no channel named 'no-such-channel'"),
                        new Violation("content.text", "blank", "text must not be blank")))
                .setRejectedAt(T0)
                .build();
    }

    /** An undecodable record of {@code size} bytes read from herald.requests partition 2, offset 41. */
    public static RejectedNotification undecodable(String id, int size) {
        byte[] raw = new byte[size];
        for (int i = 0; i < size; i++) {
            raw[i] = (byte) i;
        }
        return RejectedNotification.newBuilder()
                .setNotificationId(id)
                .setSource(Source.KAFKA)
                .setViolations(List.of(new Violation("record", "not_avro", "no magic byte")))
                .setRawPayload(ByteBuffer.wrap(raw))
                .setOrigin(new RecordOrigin("herald.requests", 2, 41L))
                .setRejectedAt(T0)
                .build();
    }
}
