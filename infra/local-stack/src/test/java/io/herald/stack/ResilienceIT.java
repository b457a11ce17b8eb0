package io.herald.stack;

import static io.herald.stack.PipelineClient.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.webhook.sandbox.StandardWebhookVerifier;
import io.herald.sandbox.ReceivedRequest;
import io.herald.schema.SignedDelivery;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The dispatcher's resilience, end to end through the sandbox (Standard Webhooks receivers that verify every
 * signature): a provider's {@code Retry-After} is honoured in both its forms, an outage opens the endpoint's circuit
 * (work is parked instead of burning the notifications' tries) and the circuit recovers, and a signature that got
 * too old while waiting is re-signed rather than sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResilienceIT {

    private static final String WHSEC = "whsec_cmVzaWxpZW5jZS1pdC1zZWNyZXQtMDEyMzQ1Njc4OQ==";
    private static final String RETRY_TIERS = "--herald.kafka.retry-tiers=1s,2s";
    private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(3);
    /** Standard Webhooks allows 5 min; with this margin a signature is too old to send after 10 s. */
    private static final Duration FRESH_FOR = Duration.ofSeconds(10);

    private static final List<String> RECEIVERS = List.of("res-outage", "res-limited", "res-stale");

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startThePipeline() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        StringBuilder catalog = new StringBuilder("herald:\n  channels:\n");
        for (String receiver : RECEIVERS) {
            catalog.append("    ")
                    .append(receiver)
                    .append(":\n")
                    .append("      provider: webhook\n")
                    .append("      endpoint: {{sandbox}}/webhook/")
                    .append(receiver)
                    .append('\n')
                    .append("      credentials:\n")
                    .append("        secret: env:RES_WHSEC\n");
        }
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/resilience-it"))
                .freePorts()
                .channelCatalogContent(catalog.toString())
                .env("RES_WHSEC", WHSEC)
                .everyServiceArgs(RETRY_TIERS)
                .serviceArgs(
                        HeraldService.DISPATCHER,
                        "--herald.dispatcher.providers=webhook",
                        // without the circuit, an outage would use up 3 tries per notification and dead-letter it
                        "--herald.dispatcher.max-attempts=3",
                        "--herald.dispatcher.circuit-breaker.minimum-calls=3",
                        "--herald.dispatcher.circuit-breaker.sliding-window-size=3",
                        "--herald.dispatcher.circuit-breaker.wait-in-open=" + WAIT_IN_OPEN.toSeconds() + "s",
                        "--herald.dispatcher.circuit-breaker.half-open-calls=1",
                        "--herald.dispatcher.resign-margin.webhook=" + (300 - FRESH_FOR.toSeconds()) + "s")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        RECEIVERS.forEach(receiver ->
                stack.sandbox().verifier(StandardWebhookVerifier.class).addEndpoint(receiver, List.of(WHSEC)));
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void outageOpensTheCircuitParksTheWorkAndEverythingIsDeliveredWhenTheEndpointRecovers() throws Exception {
        stack.sandbox().injectFaults("/webhook/res-outage", 10_000, 503, "down for maintenance");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.post("res-outage", "outage message " + i));
        }

        // the circuit opens after 3 failed sends: later tries are parked, not sent
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    for (String id : ids) {
                        JsonNode notification = client.notification(id);
                        if (notification != null
                                && entries(notification, "ATTEMPT").stream()
                                        .anyMatch(
                                                a -> a.path("error").asString().startsWith("not sent: circuit open"))) {
                            return true;
                        }
                    }
                    return false;
                });
        stack.sandbox().clearFaults();

        for (String id : ids) {
            JsonNode notification = client.awaitStatus(id, "DELIVERED");
            assertThat(entries(notification, "DEAD_LETTER")).isEmpty();
        }
        long failedSends = outageRequests().stream()
                .filter(r -> r.verdict().equals("fault injected"))
                .count();
        // 3 to open the circuit, perhaps a failed half-open probe; without the circuit 5 x 3 = 15 and dead letters
        assertThat(failedSends).isBetween(3L, 5L);
        assertThat(outageRequests()).filteredOn(r -> r.verdict().equals("ok")).hasSize(ids.size());
    }

    @Test
    void retryAfterInSecondsAndAsAnHttpDateIsHonoured() throws Exception {
        Map<String, Duration> gaps = new java.util.LinkedHashMap<>();
        String inSeconds = Instant.now().toString();
        stack.sandbox().injectFaults("/webhook/res-limited", 1, 429, "slow down", Map.of("Retry-After", "4"));
        gaps.put("seconds", gapAfterThe429(client.post("res-limited", "retry-after in seconds " + inSeconds)));

        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(6).atOffset(ZoneOffset.UTC));
        stack.sandbox().injectFaults("/webhook/res-limited", 1, 429, "slow down", Map.of("Retry-After", date));
        gaps.put("date", gapAfterThe429(client.post("res-limited", "retry-after as a date")));

        // the first retry tier is 1 s (+20% jitter): only Retry-After explains a wait of 4 s or more
        assertThat(gaps.get("seconds")).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(gaps.get("date")).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    private Duration gapAfterThe429(String id) {
        JsonNode notification = client.awaitStatus(id, "DELIVERED");
        List<JsonNode> attempts = entries(notification, "ATTEMPT");
        assertThat(attempts).extracting(a -> a.path("outcome").asString()).containsExactly("RETRYABLE", "DELIVERED");
        assertThat(attempts.getFirst().path("httpStatus").asInt()).isEqualTo(429);
        return Duration.between(
                Instant.parse(attempts.get(0).path("at").asString()),
                Instant.parse(attempts.get(1).path("at").asString()));
    }

    @Test
    void signatureThatGrewTooOldWhileWaitingIsResignedNotSent() throws Exception {
        stack.stopService("dispatcher");
        String id;
        Instant originalSignature;
        try {
            id = client.post("res-stale", "held while the dispatcher is down");
            // signed at once, then it waits in herald.signed.webhook longer than it stays fresh
            originalSignature = signedAtOnTheTopic(id);
            Instant tooOld = originalSignature.plus(FRESH_FOR).plusSeconds(2);
            await().atMost(FRESH_FOR.plusSeconds(10)).until(() -> Instant.now().isAfter(tooOld));
        } finally {
            stack.startService("dispatcher");
        }

        JsonNode notification = client.awaitStatus(id, "DELIVERED");
        List<ReceivedRequest> sent = stack.sandbox().received().stream()
                .filter(r ->
                        r.path().equals("/webhook/res-stale") && r.body().contains("held while the dispatcher is down"))
                .toList();
        // exactly one request reached the receiver, verified, and signed later than the original signature
        assertThat(sent).singleElement().satisfies(request -> {
            assertThat(request.verdict()).isEqualTo("ok");
            long timestamp = Long.parseLong(PipelineClient.header(request, "webhook-timestamp"));
            assertThat(Instant.ofEpochSecond(timestamp))
                    .isAfterOrEqualTo(originalSignature.plus(FRESH_FOR).minusSeconds(1));
        });
        assertThat(entries(notification, "ATTEMPT"))
                .singleElement()
                .satisfies(a -> assertThat(a.path("outcome").asString()).isEqualTo("DELIVERED"));
    }

    /** The {@code signedAt} of the notification's signed request on {@code herald.signed.webhook}, as the signer wrote it. */
    private Instant signedAtOnTheTopic(String notificationId) {
        try (KafkaConsumer<String, SignedDelivery> consumer = client.avroConsumer()) {
            consumer.subscribe(List.of("herald.signed.webhook"));
            Instant[] signedAt = new Instant[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, SignedDelivery> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().getNotification().getNotificationId().equals(notificationId)) {
                        signedAt[0] = record.value().getSignedAt();
                    }
                }
                return signedAt[0] != null;
            });
            return signedAt[0];
        }
    }

    private List<ReceivedRequest> outageRequests() {
        return stack.sandbox().received().stream()
                .filter(r -> r.path().equals("/webhook/res-outage"))
                .toList();
    }
}
