package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.AvroEncoding;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.ingest.publish.PublishException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import io.herald.schema.Source;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * PostgreSQL 17, the Kafka listener's wiring, MVC, problem details, actuator) answering real HTTP requests. There is
 * no broker here: the listener container does not start, and the outcome publisher is replaced by one that
 * records what it was given (the broker path is covered end to end by PipelineIT).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "herald.channels-file=src/test/resources/channels-it.yml",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "spring.kafka.listener.auto-startup=false",
            "spring.kafka.admin.auto-create=false"
        })
class NotificationApiIT {

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
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:invalid-notification");
        assertThat(problem.get("title").asString()).isEqualTo("Invalid notification request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).startsWith("4 fields are invalid");
        List<String> fields = problem.get("violations").valueStream().map(v -> v.get("field").asString()).toList();
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
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/notifications"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
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
    void healthIsUp() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("UP");
    }

    private HttpResponse<String> post(String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/notifications"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        volatile boolean failing;

        @Override
        public void publishAccepted(AcceptedNotification notification) {
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
