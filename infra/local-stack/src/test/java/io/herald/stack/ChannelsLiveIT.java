package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.webhook.sandbox.StandardWebhookVerifier;
import io.herald.sandbox.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20 end to end, on the whole stack: a channel created through the audit's channel API with a secret is
 * delivered to within seconds with no restart, its secret is rotated with no failed delivery, it parks while disabled,
 * and deleting it dead-letters what is in flight and refuses new notifications; the secrets appear in no topic, log or
 * API answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChannelsLiveIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SEED_SECRET = whsec();
    private static final String FIRST_SECRET = whsec();
    private static final String SECOND_SECRET = whsec();
    private static final String CHANNEL = "live-hooks";

    private static final String CATALOG = """
            herald:
              channels:
                seeded-hooks:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/seeded
                  credentials:
                    secret: env:CLI_SEEDED_WHSEC
                herald-operators:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/operators
                  credentials:
                    secret: env:CLI_SEEDED_WHSEC
                # a route taken once the primary's circuit has been open for 2 s
                down-hooks:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/down
                  credentials:
                    secret: env:CLI_SEEDED_WHSEC
                  fallbacks: [standby-hooks]
                  fallback-after-open: 2s
                standby-hooks:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/standby
                  credentials:
                    secret: env:CLI_SEEDED_WHSEC
                gone-hooks:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/gone
                  credentials:
                    secret: env:CLI_SEEDED_WHSEC
            """;

    private LocalStack stack;
    private PipelineClient client;
    private StandardWebhookVerifier receiver;
    private final List<String> published = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startThePipeline() throws Exception {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        Path home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/channels-live-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                .env("CLI_SEEDED_WHSEC", SEED_SECRET)
                // three failures in a row open an endpoint's circuit; operators hear of one open for a second
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.circuit-breaker.minimum-calls=3")
                .serviceArgs(HeraldService.AUDIT, "--herald.audit.operators.circuit-open-for=1s")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
        receiver = stack.sandbox().verifier(StandardWebhookVerifier.class);
        receiver.addEndpoint("seeded", List.of(SEED_SECRET));
        receiver.addEndpoint("operators", List.of(SEED_SECRET));
        receiver.addEndpoint("live", List.of(FIRST_SECRET));
        for (String endpoint : List.of("down", "standby", "gone")) {
            receiver.addEndpoint(endpoint, List.of(SEED_SECRET));
        }
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aChannelCreatedThroughTheApiIsDeliveredToWithinSecondsWithoutARestart() throws Exception {
        HttpResponse<String> created =
                call("POST", "/v1/channels", null, """
                {"name":"%s","provider":"webhook","endpoint":"%s/webhook/live","secrets":{"secret":"%s"}}""".formatted(CHANNEL, stack.sandboxUrl(), FIRST_SECRET));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");

        // the 201 says it is on herald.channels; each service applies it as it reads it there, within about a second
        String id = await().atMost(Duration.ofSeconds(10))
                .ignoreExceptionsMatching(e -> String.valueOf(e.getMessage()).contains("unknown_channel"))
                .until(() -> publish("created live"), Objects::nonNull);
        client.awaitStatus(id, Duration.ofSeconds(30), Set.of("DELIVERED"));
        assertThat(received("created live").verdict()).isEqualTo("ok");
    }

    @Test
    @Order(1)
    void testingAChannelAnswersTheProvidersVerdict() throws Exception {
        HttpResponse<String> tested = call("POST", "/v1/channels/" + CHANNEL + "/test?wait=PT60S", null, null);
        assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(tested.body());
        assertThat(outcome.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(outcome.path("attempts").get(0).path("httpStatus").asInt()).isBetween(200, 299);

        // a secret the receiver does not know: the answer says what the provider said
        HttpResponse<String> broken = call("POST", "/v1/channels", null, """
                {"name":"broken-hooks","provider":"webhook","endpoint":"%s/webhook/live","secrets":{"secret":"%s"}}""".formatted(stack.sandboxUrl(), whsec()));
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(201);
        HttpResponse<String> refused = call("POST", "/v1/channels/broken-hooks/test?wait=PT60S", null, null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        JsonNode failed = JSON.readTree(refused.body());
        assertThat(failed.path("status").asString()).isEqualTo("DEAD_LETTERED");
        assertThat(failed.path("attempts").get(0).path("httpStatus").asInt()).isBetween(400, 499);

        // operators are told, through Herald itself, on their channel: what, where, and a link to the page's search
        assertThat(noticeAbout("broken-hooks dead-lettered"))
                .contains("Herald: channel broken-hooks dead-lettered notifications")
                .contains("1 occurrence since ")
                .contains(pageUrl() + "#channel=broken-hooks&status=DEAD_LETTERED");
    }

    @Test
    @Order(1)
    void aCircuitOpenLongerThanTheRouteAllowsSendsNotificationsOnToTheFallbackAndOperatorsAreTold() throws Exception {
        stack.sandbox().injectFaults("/webhook/down", 1_000, 503, null);
        // three 503s open the endpoint's circuit (minimum-calls 3); each goes to the retry path
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            refused.add(client.post("down-hooks", "before the circuit opened " + i));
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> refused.stream().allMatch(id -> sentAttempts(id).contains(503)));
        Thread.sleep(2_500); // the route allows its primary's circuit to be open 2 s

        String open = client.post("down-hooks", "while the circuit is open");
        Thread.sleep(1_500);
        String stillOpen = client.post("down-hooks", "while the circuit is still open");

        for (String id : List.of(open, stillOpen)) {
            JsonNode delivered = client.awaitStatus(id, "DELIVERED");
            // not sent to the primary: parked by its open circuit, then re-addressed, signed afresh and delivered
            assertThat(PipelineClient.types(delivered)).containsSubsequence("ATTEMPT", "REROUTED", "SIGNED", "ATTEMPT");
            List<JsonNode> attempts = PipelineClient.entries(delivered, "ATTEMPT");
            assertThat(attempts.getFirst().path("channel").asString()).isEqualTo("down-hooks");
            assertThat(attempts.getFirst().path("notSentCause").asString()).isEqualTo("circuit_open");
            assertThat(attempts.getLast().path("channel").asString()).isEqualTo("standby-hooks");
            JsonNode hop = PipelineClient.entries(delivered, "REROUTED").getFirst();
            assertThat(hop.path("fromChannel").asString()).isEqualTo("down-hooks");
            assertThat(hop.path("toChannel").asString()).isEqualTo("standby-hooks");
            assertThat(delivered.path("route").path("summary").asString())
                    .startsWith("delivered via fallback standby-hooks after down-hooks: ")
                    .contains("not sent: circuit open for ", " since ");
        }
        assertThat(stack.sandbox().received())
                .filteredOn(r -> r.body().contains("while the circuit is"))
                .extracting(ReceivedRequest::path, ReceivedRequest::verdict)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("/webhook/standby", "ok"));
        // the three refused ones come back from the retry path, find the circuit still open, and go on too
        for (String id : refused) {
            JsonNode delivered = client.awaitStatus(id, Duration.ofSeconds(90), Set.of("DELIVERED"));
            assertThat(delivered.path("route").path("deliveredVia").asString()).isEqualTo("standby-hooks");
        }

        // operators hear that the primary's circuit stays open
        assertThat(noticeAbout("down-hooks is not being sent to"))
                .contains("Herald: channel down-hooks is not being sent to (circuit open)")
                .contains("go on along its route")
                .contains(pageUrl() + "#channel=down-hooks&from=");
    }

    @Test
    @Order(1)
    void anEndpointThatAnswers410IsNotSentToAgainAndOperatorsAreTold() throws Exception {
        stack.sandbox().injectFaults("/webhook/gone", 1, 410, null);
        String gone = client.post("gone-hooks", "to an endpoint that is gone");
        client.awaitDeadLettered(gone);
        // the next one is not sent at all: the endpoint asked never to be called again
        String after = client.post("gone-hooks", "after the endpoint went away");
        JsonNode refused = client.awaitDeadLettered(after);
        assertThat(PipelineClient.entries(refused, "ATTEMPT"))
                .extracting(a -> a.path("notSentCause").asString())
                .containsOnly("endpoint_gone");

        // over the whole channel (ingest may accept a publish twice when the broker acknowledges it late at a cold
        // start): the endpoint got one request, answered 410, and every try after it was not sent
        assertThat(stack.sandbox().received())
                .filteredOn(r -> r.path().equals("/webhook/gone"))
                .hasSize(1);
        List<JsonNode> tries = new ArrayList<>();
        for (String id : notificationsOf("gone-hooks")) {
            JsonNode notification = client.awaitDeadLettered(id);
            tries.addAll(PipelineClient.entries(notification, "ATTEMPT"));
        }
        tries.sort(java.util.Comparator.comparing(
                a -> java.time.Instant.parse(a.path("at").asString())));
        assertThat(tries).as("tries to gone-hooks").hasSizeGreaterThanOrEqualTo(2);
        assertThat(tries.getFirst().path("httpStatus").asInt()).isEqualTo(410);
        assertThat(tries.subList(1, tries.size()))
                .extracting(a -> a.path("notSentCause").asString())
                .containsOnly("endpoint_gone");

        assertThat(noticeAbout("gone-hooks's endpoint is gone"))
                .contains("answered 410 Gone: Herald stopped sending to it until the channel is changed.")
                .contains(pageUrl() + "#channel=gone-hooks&class=PERMANENT");
    }

    @Test
    @Order(2)
    void itsSecretIsRotatedWithNoFailedDelivery() throws Exception {
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        publisher.scheduleAtFixedRate(
                () -> {
                    try {
                        publish("during rotation");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                0,
                200,
                TimeUnit.MILLISECONDS);
        try {
            HttpResponse<String> added =
                    call("POST", "/v1/channels/" + CHANNEL + "/secrets/secret", null, """
                            {"value":"%s"}""".formatted(SECOND_SECRET));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            String newId = JSON.readTree(added.body()).path("id").asString();

            // both secrets sign once the signer has the new definition: then the receiver may switch to the new one
            await().atMost(Duration.ofSeconds(30)).until(() -> signaturesOfLastDelivery() == 2);
            receiver.addEndpoint("live", List.of(SECOND_SECRET));
            Thread.sleep(1_000);

            String oldId = newId.equals("s2") ? "s1" : "s2";
            HttpResponse<String> retired =
                    call("DELETE", "/v1/channels/" + CHANNEL + "/secrets/secret/" + oldId, null, null);
            assertThat(retired.statusCode()).as(retired.body()).isBetween(200, 204);
            await().atMost(Duration.ofSeconds(30)).until(() -> signaturesOfLastDelivery() == 1);
            Thread.sleep(1_000);
        } finally {
            publisher.shutdownNow();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(published).hasSizeGreaterThan(10);
        for (String id : published) {
            JsonNode notification = client.awaitStatus(id, Duration.ofSeconds(60), PipelineClient.FINAL);
            assertThat(notification.path("status").asString()).as(id).isEqualTo("DELIVERED");
            assertThat(PipelineClient.entries(notification, "ATTEMPT")).as(id).hasSize(1);
        }
    }

    @Test
    @Order(3)
    void aDisabledChannelParksItsNotificationsUntilItIsEnabled() throws Exception {
        assertThat(call("POST", "/v1/channels/" + CHANNEL + "/disable", null, null)
                        .statusCode())
                .isEqualTo(200);
        Thread.sleep(2_000); // every service applies the change within about a second

        String id = publish("while disabled");
        Thread.sleep(15_000);
        assertThat(client.status(id)).isNotIn("DELIVERED", "DEAD_LETTERED");
        assertThat(receivedTexts()).doesNotContain("while disabled");

        assertThat(call("POST", "/v1/channels/" + CHANNEL + "/enable", null, null)
                        .statusCode())
                .isEqualTo(200);
        client.awaitStatus(id, Duration.ofSeconds(90), Set.of("DELIVERED"));
    }

    @Test
    @Order(4)
    void deletingItDeadLettersWhatIsInFlightAndRefusesNewNotifications() throws Exception {
        call("POST", "/v1/channels/" + CHANNEL + "/disable", null, null);
        Thread.sleep(2_000);
        String parked = publish("parked, then deleted");
        Thread.sleep(3_000);

        HttpResponse<String> deleted = call("DELETE", "/v1/channels/" + CHANNEL, null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 204);

        JsonNode dead = client.awaitStatus(parked, Duration.ofSeconds(90), Set.of("DEAD_LETTERED"));
        assertThat(dead.toString()).contains("was deleted");

        Thread.sleep(2_000);
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.httpUrl("ingest") + "/v1/notifications"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + stack.publishToken())
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"channel":"%s","message":{"text":"after delete"}}""".formatted(CHANNEL)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 422);
        assertThat(refused.body()).contains(CHANNEL).contains("deleted");

        HttpResponse<String> seeded = call("DELETE", "/v1/channels/seeded-hooks", null, null);
        assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(409);
    }

    @Test
    @Order(5)
    void theHistoryNamesEveryChangeAndNoSecretAppearsInATopicALogOrAnAnswer() throws Exception {
        HttpResponse<String> history = call("GET", "/v1/channels/" + CHANNEL + "/history", null, null);
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        assertThat(history.body())
                .contains("CREATED", "SECRET_ADDED", "SECRET_RETIRED", "DISABLED", "ENABLED", "DELETED");

        List<String> answers = new ArrayList<>(List.of(
                history.body(),
                call("GET", "/v1/channels", null, null).body(),
                call("GET", "/v1/channels/" + CHANNEL, null, null).body()));
        List<byte[]> topics = new ArrayList<>();
        for (String topic : List.of(
                "herald.channels",
                "herald.accepted",
                "herald.signed.webhook",
                "herald.attempts",
                "herald.dead-letters")) {
            topics.addAll(dump(topic));
        }
        List<String> logs;
        try (Stream<Path> files = Files.walk(stack.workDir())) {
            logs = files.filter(file -> file.toString().endsWith(".log"))
                    .map(ChannelsLiveIT::read)
                    .toList();
        }
        assertThat(topics).isNotEmpty();
        assertThat(logs).isNotEmpty();
        for (String secret : List.of(FIRST_SECRET, SECOND_SECRET)) {
            String key = secret.substring("whsec_".length());
            assertThat(answers).noneMatch(answer -> answer.contains(key));
            assertThat(logs).noneMatch(log -> log.contains(key));
            assertThat(topics).noneMatch(value -> new String(value, StandardCharsets.ISO_8859_1).contains(key));
        }
    }

    private String publish(String text) throws Exception {
        String id = client.post(CHANNEL, text);
        published.add(id);
        return id;
    }

    private HttpResponse<String> call(String method, String path, String ifMatch, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl("audit") + path))
                .header("Authorization", "Bearer " + stack.operatorToken())
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ReceivedRequest received(String text) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> stack.sandbox().received().stream()
                                .filter(r -> r.provider().equals("webhook")
                                        && r.body().contains(text))
                                .reduce((first, second) -> second),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** The body of the operator notice whose text has {@code about}, once it reached the operators' channel. */
    private String noticeAbout(String about) {
        ReceivedRequest notice = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> stack.sandbox().received().stream()
                                .filter(r -> r.path().equals("/webhook/operators")
                                        && r.body().contains(about))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(notice.verdict()).isEqualTo("ok");
        return notice.body();
    }

    /** The ids of the channel's notifications, as the audit's search lists them. */
    private List<String> notificationsOf(String channel) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(stack.httpUrl("audit") + "/v1/notifications?limit=100&channel=" + channel))
                        .header("Authorization", "Bearer " + stack.readToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(answer.body())
                .path("items")
                .forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    private String pageUrl() {
        return "http://localhost:"
                + URI.create(stack.httpUrl(HeraldService.AUDIT)).getPort() + "/";
    }

    /** The HTTP statuses of the notification's sent attempts, in order. */
    private List<Integer> sentAttempts(String id) {
        JsonNode notification;
        try {
            notification = client.notification(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return notification == null
                ? List.of()
                : PipelineClient.entries(notification, "ATTEMPT").stream()
                        .filter(a -> a.path("httpStatus").isNumber())
                        .map(a -> a.path("httpStatus").asInt())
                        .toList();
    }

    private List<String> receivedTexts() {
        return stack.sandbox().received().stream().map(ReceivedRequest::body).toList();
    }

    /** How many {@code v1,} signatures the last request delivered to the live channel carried. */
    private int signaturesOfLastDelivery() {
        return stack.sandbox().received().stream()
                .filter(r -> r.provider().equals("webhook") && r.body().contains("during rotation"))
                .reduce((first, second) -> second)
                .map(r -> PipelineClient.header(r, "webhook-signature").split(" ").length)
                .orElse(0);
    }

    private List<byte[]> dump(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String whsec() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
