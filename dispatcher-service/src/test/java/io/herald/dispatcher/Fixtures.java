package io.herald.dispatcher;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.HttpCall;
import io.herald.schema.MessageFormat;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.herald.schema.Source;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test data: a DingTalk notification as the signer would hand it to the dispatcher. */
public final class Fixtures {

    public static final String NOTIFICATION_ID = "0197a5e2-6c1f-7d3e-9a41-3f2b8c1d0e55";
    public static final String CHANNEL = "ops-alerts";
    public static final String TOKEN = "tok-5ecret-4ccess";
    public static final String SIGN = "s1gn%2Fv4lue%3D";
    public static final Instant ACCEPTED_AT = Instant.parse("2025-06-01T10:00:00Z");
    public static final String BODY = "{\"msgtype\":\"text\",\"text\":{\"content\":\"disk full on db-1 ✓\"}}";

    static {
        // Avro 1.12 builds defaults (e.g. ChatMessage.mentions) only from trusted packages.
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }

    private Fixtures() {}

    public static AcceptedNotification notification(Instant acceptedAt) {
        return AcceptedNotification.newBuilder()
                .setNotificationId(NOTIFICATION_ID)
                .setChannel(CHANNEL)
                .setProvider("dingtalk")
                .setTenant("acme")
                .setContent(ChatMessage.newBuilder()
                        .setText("disk full on db-1 ✓")
                        .setFormat(MessageFormat.TEXT)
                        .build())
                .setSource(Source.HTTP)
                .setAcceptedAt(acceptedAt)
                .build();
    }

    /** The signed DingTalk URL for an endpoint such as {@code http://127.0.0.1:1234/robot/send}. */
    public static String signedUrl(String endpoint, Instant signedAt) {
        return endpoint + "?access_token=" + TOKEN + "&timestamp=" + signedAt.toEpochMilli() + "&sign=" + SIGN;
    }

    public static SignedDelivery signed(String endpoint, int attempt, Instant signedAt, List<DeliveryAttempt> prior) {
        return SignedDelivery.newBuilder()
                .setNotification(notification(ACCEPTED_AT))
                .setAttempt(attempt)
                .setSignedAt(signedAt)
                .setNotAfter(signedAt.plus(Duration.ofHours(1)))
                .setRequest(HttpCall.newBuilder()
                        .setMethod("POST")
                        .setUrl(signedUrl(endpoint, signedAt))
                        .setHeaders(Map.of("Content-Type", "application/json; charset=utf-8"))
                        .setBody(ByteBuffer.wrap(BODY.getBytes(StandardCharsets.UTF_8)))
                        .build())
                .setPriorAttempts(prior)
                .build();
    }

    public static SignedDelivery signed(int attempt, Instant signedAt) {
        return signed("https://oapi.dingtalk.com/robot/send", attempt, signedAt, List.of());
    }

    public static DeliveryAttempt attempt(int number, Outcome outcome, Instant startedAt) {
        return DeliveryAttempt.newBuilder()
                .setNotificationId(NOTIFICATION_ID)
                .setChannel(CHANNEL)
                .setProvider("dingtalk")
                .setTenant("acme")
                .setAttempt(number)
                .setSignedAt(startedAt.minusMillis(50))
                .setStartedAt(startedAt)
                .setLatencyMs(42)
                .setOutcome(outcome)
                .setHttpStatus(outcome == Outcome.RETRYABLE ? 503 : 200)
                .setDispatcher("test-dispatcher")
                .build();
    }
}
