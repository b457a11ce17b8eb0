package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ingest.AvroEncoding;
import io.herald.ingest.TestCredentials;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.ingest.publish.PublishException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import io.herald.schema.Source;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole ingest application context (configuration binding, channel catalog import, Flyway on a real embedded
 * PostgreSQL 17, the Kafka listener's wiring, MVC, problem details, actuator, the shared security) answering real
 * HTTP requests, published with a gateway's credential (every tenant; {@link TestCredentials}). There is
 * no broker here: the listener container does not start, and the outcome publisher is replaced by one that
 * records what it was given (the broker path is covered end to end by PipelineIT).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // the actuator on the server port (one context for the doors and health checks); ManagementPortIT
            // (signer) and the local stack run it on its own port, as configured
            "management.server.port=",
            "herald.channels-file=src/test/resources/channels-it.yml",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "spring.kafka.listener.auto-startup=false",
            "spring.kafka.admin.auto-create=false",
            // no broker: the seed file's channels alone (following herald.channels would wait, then report DOWN)
            "herald.live-channels.follow=false",
            "herald.ingest.max-concurrent-requests=" + NotificationApiIT.MAX_CONCURRENT,
            "herald.ingest.max-record-size=100KB"
        })
class NotificationApiIT {

    static final int MAX_CONCURRENT = 2;
    static final long MAX_BODY = 1024 * 1024;
    private static final EmbeddedPostgres POSTGRES = startPostgres();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    RecordingPublisher publisher;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        TestCredentials.register(registry);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        POSTGRES.close();
    }

    @BeforeEach
    void reset() {
        publisher.accepted.clear();
        publisher.rejected.clear();
        publisher.failing = false;
        publisher.gate = new CountDownLatch(0);
    }

    @Test
    void validRequestIsAcceptedWithLocation() throws Exception {
        HttpResponse<String> response = post("""
                {"channel":"demo-dingtalk","tenant":"t1","attributes":{"team":"ops"},
                 "message":{"format":"markdown","title":"Disk","text":"**/var is full**","mentions":{"mobiles":["13800000000"]}}}
                """, null);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        String id = body.get("id").asString();
        assertThat(body.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/notifications/" + id);
        assertThat(publisher.accepted).singleElement().satisfies(accepted -> {
            assertThat(accepted.getNotificationId()).isEqualTo(id);
            assertThat(accepted.getChannel()).isEqualTo("demo-dingtalk");
            assertThat(accepted.getProvider()).isEqualTo("dingtalk");
            assertThat(accepted.getSource()).isEqualTo(Source.HTTP);
            assertThat(accepted.getAttributes()).containsEntry("team", "ops");
        });
    }

    @Test
    void repeatedIdempotencyKeyIsAnsweredWithTheOriginalId() throws Exception {
        String body = "{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"deploy finished\"}}";
        HttpResponse<String> first = post(body, "deploy-2025-01-02");
        HttpResponse<String> second = post(body, "deploy-2025-01-02");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        String original = JSON.readTree(first.body()).get("id").asString();
        JsonNode duplicate = JSON.readTree(second.body());
        assertThat(duplicate.get("id").asString()).isEqualTo(original);
        assertThat(duplicate.get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(publisher.accepted).hasSize(1);
    }

    @Test
    void invalidRequestIsAProblemNamingEveryInvalidField() throws Exception {
        HttpResponse<String> response = post("""
                {"channel":"demo-dingtalk","notificationId":"bad id","tenant":"a tenant",
                 "message":{"format":"markdown","text":" "}}
                """, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:invalid-notification");
        assertThat(problem.get("title").asString()).isEqualTo("Invalid notification request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).startsWith("4 fields are invalid");
        List<String> fields = problem.get("violations")
                .valueStream()
                .map(v -> v.get("field").asString())
                .toList();
        assertThat(fields).containsExactlyInAnyOrder("message.text", "message.title", "notificationId", "tenant");
        assertThat(problem.get("violations").get(0).has("code")).isTrue();
        assertThat(problem.get("violations").get(0).has("message")).isTrue();

        assertThat(publisher.accepted).isEmpty();
        assertThat(publisher.rejected).singleElement().satisfies(rejected -> {
            assertThat(rejected.getNotificationId()).isEqualTo(problem.get("id").asString());
            assertThat(rejected.getSource()).isEqualTo(Source.HTTP);
            assertThat(rejected.getViolations()).hasSize(4);
        });
    }

    @Test
    void malformedJsonIsAProblemNamingTheParseError() throws Exception {
        HttpResponse<String> response = post("{\"channel\": \"demo-dingtalk\", \"message\": {\"text\": \"hi\"", null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:malformed-request");
        assertThat(problem.get("detail").asString()).contains("line 1");
        assertThat(publisher.rejected).isEmpty();
    }

    @Test
    void nonJsonContentTypeIsAProblem() throws Exception {
        HttpResponse<String> response = http.send(
                publishing()
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void unavailableKafkaIsARetryableProblemAndTakesNoKey() throws Exception {
        publisher.failing = true;
        String body = "{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"x\"}}";

        HttpResponse<String> failed = post(body, "retry-me");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(failed.body()).get("type").asString()).isEqualTo("urn:herald:problem:unavailable");

        publisher.failing = false;
        assertThat(post(body, "retry-me").statusCode()).isEqualTo(202);
    }

    @Test
    void bodyDeclaredLargerThanTheLimitIs413BeforeItIsReadAndTheServiceStillAnswers() throws Exception {
        long size = 50L * 1024 * 1024;
        HttpResponse<String> response = http.send(
                publishing()
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new FakeBody(size)), size))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:request-too-large");
        assertThat(problem.get("detail").asString())
                .isEqualTo("the request body is 52428800 bytes (Content-Length); "
                        + "at most 1048576 bytes are accepted (herald.ingest.max-request-body)");
        assertThat(problem.get("limit").asLong()).isEqualTo(MAX_BODY);
        assertThat(post("{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"still here\"}}", null)
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void chunkedBodyIsCutWithA413AsSoonAsItPassesTheLimit() throws Exception {
        FakeBody body = new FakeBody(MAX_BODY + MAX_BODY / 2);
        HttpResponse<String> response = http.send(
                publishing()
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)) // no length: chunked
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:request-too-large");
        assertThat(problem.get("detail").asString())
                .startsWith("the request body is more than 1048576 bytes")
                .endsWith("(herald.ingest.max-request-body)");
        assertThat(publisher.accepted).isEmpty();
    }

    @Test
    void hugeChunkedBodyIsNeverReadToItsEndAndTheServiceStillAnswers() throws Exception {
        long size = 200L * 1024 * 1024;
        FakeBody body = new FakeBody(size);
        try {
            HttpResponse<String> response = http.send(
                    publishing()
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
        } catch (IOException e) {
            // the server answered 413 and closed the connection while this client, which reads the answer only once
            // it has sent everything, was still sending (curl reads the 413 as it sends)
        }
        assertThat(body.served).isLessThan(size / 4);
        assertThat(post("{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"still here\"}}", null)
                        .statusCode())
                .isEqualTo(202);
        assertThat(healthStatus()).isEqualTo(200);
    }

    @Test
    void bodyJustUnderTheLimitIsRead() throws Exception {
        String text = "x".repeat((int) MAX_BODY - 200);
        HttpResponse<String> response =
                post("{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"" + text + "\"}}", null);

        // read and validated (DingTalk takes 20,000 bytes of text), not cut by the body limit
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body())
                        .get("violations")
                        .get(0)
                        .get("code")
                        .asString())
                .isEqualTo("too_large");
    }

    @Test
    void wrongJsonTypesAreAProblemNamingEachFieldAndTheExpectedType() throws Exception {
        HttpResponse<String> response = post("""
                {"channel":"demo-dingtalk","message":{"text":{"nested":true},"mentions":{"all":"yes"}}}
                """, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("io.herald", "NotificationJson", "java.");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:malformed-request");
        assertThat(problem.get("detail").asString())
                .isEqualTo("message.text: expected a string, got an object; "
                        + "message.mentions.all: expected a boolean (true or false), got a string");
        assertThat(problem.get("violations")
                        .valueStream()
                        .map(v -> v.get("field").asString())
                        .toList())
                .containsExactly("message.text", "message.mentions.all");
        assertThat(publisher.rejected).isEmpty();
    }

    @Test
    void sameIdempotencyKeyWithADifferentBodyIs422AndPublishesNothing() throws Exception {
        HttpResponse<String> first =
                post("{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"deploy 41\"}}", "deploy-key");
        HttpResponse<String> second =
                post("{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"deploy 42\"}}", "deploy-key");

        assertThat(first.statusCode()).isEqualTo(202);
        String original = JSON.readTree(first.body()).get("id").asString();
        assertThat(second.statusCode()).isEqualTo(422);
        assertThat(second.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(second.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:idempotency-key-conflict");
        assertThat(problem.get("detail").asString())
                .contains("Idempotency-Key 'deploy-key' was already used for a different request", original, "differs");
        assertThat(problem.get("violations").get(0).get("code").asString()).isEqualTo("idempotency_key_conflict");
        assertThat(publisher.accepted).hasSize(1);
        assertThat(publisher.rejected).isEmpty();
    }

    @Test
    void notificationLargerThanItsTopicTakesIs413NamingTheLimitNotARetryable503() throws Exception {
        String blob = "x".repeat(150 * 1024);
        HttpResponse<String> response = post(
                "{\"channel\":\"demo-dingtalk\",\"attributes\":{\"blob\":\"" + blob
                        + "\"},\"message\":{\"text\":\"hi\"}}",
                "big-key");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:notification-too-large");
        assertThat(problem.get("detail").asString()).contains("at most 102400", "herald.ingest.max-record-size");
        assertThat(problem.get("violations").get(0).get("field").asString()).isEqualTo("request");
        assertThat(publisher.accepted).isEmpty();
        assertThat(publisher.rejected)
                .singleElement()
                .satisfies(rejected -> assertThat(rejected.getRequest()).isNull());
    }

    @Test
    void requestsBeyondTheConcurrencyLimitAre503WithRetryAfterAtOnce() throws Exception {
        publisher.gate = new CountDownLatch(1); // holds the requests being processed
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONCURRENT; i++) {
                held.add(http.sendAsync(
                        request("{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"held " + i + "\"}}"),
                        HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.waiting.get() == MAX_CONCURRENT);

            long started = System.nanoTime();
            HttpResponse<String> turnedAway =
                    post("{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"one more\"}}", null);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(turnedAway.statusCode()).isEqualTo(503);
            assertThat(turnedAway.headers().firstValue("Retry-After")).hasValue("1");
            JsonNode problem = JSON.readTree(turnedAway.body());
            assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:busy");
            assertThat(problem.get("detail").asString()).contains("herald.ingest.max-concurrent-requests");
            assertThat(healthStatus()).isEqualTo(200); // health is not behind the bulkhead
        } finally {
            publisher.gate.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> response : held) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("UP");
    }

    private int healthStatus() throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private HttpRequest request(String json) {
        return publishing()
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** A JSON-looking body of {@code size} bytes made as it is read, so the test holds none of it. */
    static final class FakeBody extends InputStream {
        private final long size;
        volatile long served;

        FakeBody(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (served >= size) {
                return -1;
            }
            return served++ == 0 ? '[' : '1';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (served >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - served);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) '1');
            if (served == 0 && n > 0) {
                buffer[offset] = '[';
            }
            served += n;
            return n;
        }
    }

    private HttpResponse<String> post(String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request =
                publishing().header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to publish, with the credential of a gateway that publishes for every tenant. */
    private HttpRequest.Builder publishing() {
        return HttpRequest.newBuilder(uri("/v1/notifications"))
                .header("Authorization", TestCredentials.GATEWAY.bearer());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration
    static class Publisher {
        @Bean
        @Primary
        RecordingPublisher recordingPublisher() {
            return new RecordingPublisher();
        }
    }

    /** Stands in for Kafka: records the outcomes, or fails like an unavailable broker. */
    static class RecordingPublisher implements OutcomePublisher {
        final List<AcceptedNotification> accepted = new CopyOnWriteArrayList<>();
        final List<RejectedNotification> rejected = new CopyOnWriteArrayList<>();
        final AtomicInteger waiting = new AtomicInteger();
        volatile boolean failing;
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void publishAccepted(AcceptedNotification notification) {
            waiting.incrementAndGet();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
            if (failing) {
                throw new PublishException("no acknowledgement from the broker", null);
            }
            AvroEncoding.encode(notification);
            accepted.add(notification);
        }

        @Override
        public void publishRejected(RejectedNotification notification) {
            if (failing) {
                throw new PublishException("no acknowledgement from the broker", null);
            }
            AvroEncoding.encode(notification);
            rejected.add(notification);
        }
    }
}
