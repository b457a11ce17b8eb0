package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import io.herald.contract.kafka.TestAvroSerde;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import io.herald.contract.security.EveryDoor;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.HttpCall;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dispatcher's doors and its credential for the signer (issue 16), in the dispatcher as a Spring Boot application
 * against a real (embedded) broker, a provider on 127.0.0.1 and a stand-in signer on 127.0.0.1 that, as the signer
 * does, re-signs only for the bearer token it knows and answers 401 problem+json otherwise. The dispatcher's token is
 * a {@code file:} reference; the tests rewrite the file, as a rotation would, without restarting the dispatcher.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // the actuator on the server port (one context for the doors and health checks); ManagementPortIT
            // (signer) and the local stack run it on its own port, as configured
            "management.server.port=",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.channels-file=src/test/resources/test-channels.yml",
            "herald.kafka.partitions=1",
            "herald.dispatcher.instance-id=dispatcher-security-it",
            "herald.dispatcher.request-timeout=2s",
            "herald.dispatcher.signer-token=file:${test.tokens}/signer-token",
            "herald.security.tokens.reader.secret=file:${test.tokens}/reader",
            "herald.security.tokens.reader.roles=READ",
            "herald.security.tokens.reader.tenants=*",
            "herald.security.tokens.operator.secret=file:${test.tokens}/operator",
            "herald.security.tokens.operator.roles=OPERATOR",
            "herald.security.tokens.operator.tenants=*"
        })
@Import(DispatcherApplicationIT.RegistryLessSerde.class)
class DispatcherSecurityIT {

    private static final String READER = "reader-token-8e7d6c5b4a";
    private static final String OPERATOR = "operator-token-1a2b3c4d5e";
    /** The SERVICE token the signer knows. */
    private static final String SIGNER_KNOWS = "service-token-known-to-the-signer-0f9e8d";

    private static final String WRONG = "service-token-wrong-77";
    private static final Path TOKENS = tokens();
    private static final LoopbackProvider PROVIDER = LoopbackProvider.start();
    private static final List<String> BEARERS_SEEN = new CopyOnWriteArrayList<>();
    private static final HttpServer SIGNER = standInSigner();

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @LocalServerPort
    int port;

    @Autowired
    Topics topics;

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaConsumer<String, Object> outcomes;
    private final List<ConsumerRecord<String, Object>> seen = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        registry.add("test.tokens", TOKENS::toString);
        registry.add(
                "herald.dispatcher.signer-url",
                () -> "http://127.0.0.1:" + SIGNER.getAddress().getPort());
    }

    @AfterAll
    static void stopStandIns() throws Exception {
        SIGNER.stop(0);
        PROVIDER.close();
        for (String name : List.of("reader", "operator", "signer-token")) {
            Files.deleteIfExists(TOKENS.resolve(name));
        }
        Files.deleteIfExists(TOKENS);
    }

    @BeforeEach
    void readOutcomes() {
        outcomes = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "it-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new TestAvroSerde.AvroDeserializer());
        List<String> outputTopics = new ArrayList<>(topics.retryTopics());
        outputTopics.add(topics.attempts());
        outputTopics.add(topics.deadLetters());
        outcomes.subscribe(outputTopics);
    }

    @AfterEach
    void closeReader() {
        outcomes.close();
    }

    @Test
    void everyMappedEndpointButHealthRefusesACallerWithoutCredential(@Autowired ApplicationContext context)
            throws Exception {
        var endpoints = EveryDoor.mapped(context);
        assertThat(endpoints).contains("GET /v1/assignments", "GET /actuator/health", "GET /actuator/metrics");

        var answers = EveryDoor.call("http://127.0.0.1:" + port, endpoints, null);

        assertThat(answers)
                .filteredOn(answer -> !EveryDoor.isOpen(answer))
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(401));
        assertThat(answers)
                .filteredOn(EveryDoor::isOpen)
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isNotEqualTo(401));
    }

    @Test
    void assignmentsNeedAnOperatorCredential() throws Exception {
        HttpResponse<String> anonymous = get("/v1/assignments", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> reader = get("/v1/assignments", READER);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(JsonPath.<String>read(reader.body(), "$.detail"))
                .isEqualTo(
                        "Not allowed for credential 'reader' (roles [READ]): GET /v1/assignments needs another role.");

        HttpResponse<String> operator = get("/v1/assignments", OPERATOR);
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(operator.body(), "$.instance")).isEqualTo("dispatcher-security-it");
    }

    @Test
    void aStaleRequestIsReSignedWithTheConfiguredTokenAndSent() throws Exception {
        Files.writeString(TOKENS.resolve("signer-token"), SIGNER_KNOWS + "\n");
        String id = UUID.randomUUID().toString();

        publishStale(id);

        DeliveryAttempt attempt = attemptOf(id);
        assertThat(attempt.getOutcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(BEARERS_SEEN).contains("Bearer " + SIGNER_KNOWS);
        assertThat(PROVIDER.received())
                .anySatisfy(request -> assertThat(request.rawPathAndQuery()).endsWith("?resigned=" + id));
    }

    @Test
    void aWrongTokenIsRefusedWithAClearMessageAndNothingIsSentToTheProvider() throws Exception {
        Files.writeString(TOKENS.resolve("signer-token"), WRONG + "\n");
        String id = UUID.randomUUID().toString();

        publishStale(id);

        DeliveryAttempt attempt = attemptOf(id);
        assertThat(attempt.getOutcome()).isEqualTo(Outcome.RESIGN);
        assertThat(attempt.getError())
                .startsWith("not sent: signature expires at ")
                .contains("; the signer refused the"
                        + " dispatcher's credential (herald.dispatcher.signer-token): The credential was not accepted: the token"
                        + " is not one of the configured tokens.")
                .doesNotContain(WRONG);
        assertThat(BEARERS_SEEN).contains("Bearer " + WRONG);
        // parked for the retry path (the signer signs it afresh there), never dead-lettered
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(outcomesOf(id))
                        .extracting(ConsumerRecord::topic)
                        .containsExactlyInAnyOrder("herald.attempts", "herald.retry.10s"));
        assertThat(PROVIDER.received())
                .noneSatisfy(request -> assertThat(request.rawPathAndQuery()).contains(id));
    }

    private DeliveryAttempt attemptOf(String id) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> outcomesOf(id).stream()
                        .anyMatch(record -> record.topic().equals("herald.attempts")));
        return (DeliveryAttempt) outcomesOf(id).stream()
                .filter(record -> record.topic().equals("herald.attempts"))
                .findFirst()
                .orElseThrow()
                .value();
    }

    private List<ConsumerRecord<String, Object>> outcomesOf(String notificationId) {
        outcomes.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> notificationId.equals(r.key())).toList();
    }

    /** Signed 58 minutes ago: DingTalk's window closes in 2 minutes, within the 6-minute re-sign margin. */
    private void publishStale(String id) throws Exception {
        SignedDelivery template =
                Fixtures.signed(PROVIDER.endpoint(), 1, Instant.now().minus(Duration.ofMinutes(58)), List.of());
        SignedDelivery stale = SignedDelivery.newBuilder(template)
                .setNotification(AcceptedNotification.newBuilder(template.getNotification())
                        .setNotificationId(id)
                        .setAcceptedAt(Instant.now())
                        .build())
                .setRequest(HttpCall.newBuilder(template.getRequest())
                        .setUrl(PROVIDER.endpoint() + "?stale=" + id)
                        .build())
                .build();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new TestAvroSerde.AvroSerializer())) {
            producer.send(new ProducerRecord<>(topics.signed(Provider.of("dingtalk")), Fixtures.CHANNEL, stale))
                    .get();
        }
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The signer's re-sign door as far as the dispatcher can tell: {@link #SIGNER_KNOWS} gets the same try signed afresh
     * (for an hour, to the provider with {@code ?resigned=<id>}); any other bearer, or none, a 401 problem as the
     * signer's security answers it.
     */
    private static HttpServer standInSigner() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/internal/v1/resign", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String bearer = exchange.getRequestHeaders().getFirst("Authorization");
                    BEARERS_SEEN.add(String.valueOf(bearer));
                    if (!("Bearer " + SIGNER_KNOWS).equals(bearer)) {
                        byte[] problem =
                                ("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":"
                                                + "\"The credential was not accepted: the token is not one of the configured tokens.\"}")
                                        .getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                        exchange.sendResponseHeaders(401, problem.length);
                        exchange.getResponseBody().write(problem);
                        return;
                    }
                    SignedDelivery stale = SignedDelivery.getDecoder().decode(body);
                    Instant now = Instant.now();
                    SignedDelivery fresh = SignedDelivery.newBuilder(stale)
                            .setSignedAt(now)
                            .setNotAfter(now.plus(Duration.ofHours(1)))
                            .setRequest(HttpCall.newBuilder(stale.getRequest())
                                    .setUrl(PROVIDER.endpoint() + "?resigned="
                                            + stale.getNotification().getNotificationId())
                                    .build())
                            .build();
                    ByteBuffer encoded = SignedDelivery.getEncoder().encode(fresh);
                    byte[] answer = new byte[encoded.remaining()];
                    encoded.get(answer);
                    exchange.getResponseHeaders().set("Content-Type", "application/vnd.herald.signed-delivery+avro");
                    exchange.sendResponseHeaders(200, answer.length);
                    exchange.getResponseBody().write(answer);
                }
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tokens() {
        try {
            Path dir = Files.createTempDirectory("herald-dispatcher-tokens");
            Files.writeString(dir.resolve("reader"), READER);
            Files.writeString(dir.resolve("operator"), OPERATOR);
            Files.writeString(dir.resolve("signer-token"), SIGNER_KNOWS + "\n");
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
