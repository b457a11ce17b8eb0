package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.TestAvroSerde;
import io.herald.ingest.TestCredentials;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/notifications} against a real (embedded) Kafka broker and a real PostgreSQL 17, through faults:
 * a notification larger than {@code herald.ingest.max-record-size}, one the broker refuses as too large (its
 * {@code message.max.bytes} is set below ingest's limit here), PostgreSQL frozen (SIGSTOP), and the broker gone. Each
 * must end in a definite answer: 413 naming the limit for what can never succeed, 503 with {@code Retry-After} within
 * two seconds for what can succeed later. Avro goes through a registry-less test serde; the Apicurio serde is covered
 * by the end-to-end PipelineIT. The tests run in order: the last one stops the broker.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // the actuator on the server port (one context for the doors and health checks); ManagementPortIT
            // (signer) and the local stack run it on its own port, as configured
            "management.server.port=",
            "herald.channels-file=src/test/resources/channels-it.yml",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.kafka.partitions=1",
            "spring.kafka.listener.auto-startup=false",
            // a body may be larger than the record limit here, so that the record limit is what answers
            "herald.ingest.max-request-body=2MB"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationBrokerIT {

    /** The broker takes smaller records than ingest's 1,000,000-byte limit: the producer's refusal is the backstop. */
    static final int BROKER_MAX_MESSAGE_BYTES = 300_000;

    private static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    private static final EmbeddedPostgres POSTGRES = startPostgres();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration FAST = Duration.ofSeconds(2);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NotificationBrokerIT.class);

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        TestCredentials.register(registry);
    }

    @TestConfiguration
    static class RegistryLessSerde {
        /** Runs after Herald's serde customizers: swaps the Apicurio serializer for {@link TestAvroSerde}. */
        @Bean
        static BeanPostProcessor testAvroSerde() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof DefaultKafkaProducerFactory<?, ?> producers) {
                        producers.updateConfigs(Map.of(
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TestAvroSerde.AvroSerializer.class));
                    }
                    return bean;
                }
            };
        }
    }

    @AfterAll
    static void stop() throws IOException {
        PostgresProcesses.resume(POSTGRES);
        POSTGRES.close();
        BROKER.destroy();
    }

    @Test
    @Order(1)
    void acceptedNotificationIsOnItsTopicWhenAnswered() throws Exception {
        HttpResponse<String> response = post(message("deploy finished"), "deploy-1");

        assertThat(response.statusCode()).isEqualTo(202);
        String id = JSON.readTree(response.body()).get("id").asString();
        assertThat(find("herald.accepted", id))
                .hasValueSatisfying(record -> assertThat(((AcceptedNotification) record).getIdempotencyKey())
                        .isEqualTo("deploy-1"));
    }

    @Test
    @Order(2)
    void notificationOverTheRecordLimitIs413NamingItAndTheRejectionIsWritten() throws Exception {
        HttpResponse<String> response = post(withAttribute(1_100_000), "too-big-1");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:notification-too-large");
        assertThat(problem.get("detail").asString()).contains("at most 1000000", "herald.ingest.max-record-size");
        String id = problem.get("id").asString();
        assertThat(find("herald.rejected", id)).hasValueSatisfying(record -> {
            RejectedNotification rejected = (RejectedNotification) record;
            assertThat(rejected.getViolations().getFirst().getField()).isEqualTo("request");
            assertThat(rejected.getViolations().getFirst().getCode()).isEqualTo("too_large");
            assertThat(rejected.getRequest()).isNull();
        });
    }

    @Test
    @Order(3)
    void notificationTheBrokerRefusesAsTooLargeIs413NotARetryable503() throws Exception {
        HttpResponse<String> response = post(withAttribute(BROKER_MAX_MESSAGE_BYTES + 100_000), "too-big-2");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:notification-too-large");
        assertThat(problem.get("detail").asString()).contains("larger than the broker accepts");
        // the key stays free, and the producer goes on writing
        assertThat(post(message("after a refusal"), "too-big-2").statusCode()).isEqualTo(202);
    }

    @Test
    @Order(4)
    void frozenDatabaseIsA503WithRetryAfterWithinTwoSecondsAndRecovers() throws Exception {
        post(message("warm the pool"), "frozen-0");
        PostgresProcesses.freeze(POSTGRES);
        try {
            for (int i = 1; i <= 3; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = post(message("while frozen " + i), "frozen-" + i);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                log.info("PostgreSQL frozen: answered {} in {} ms", response.statusCode(), took.toMillis());
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(JSON.readTree(response.body()).get("type").asString())
                        .isEqualTo("urn:herald:problem:unavailable");
                assertThat(took).isLessThan(FAST);
            }
            // a request without a key needs no database
            assertThat(post(message("no key"), null).statusCode()).isEqualTo(202);
        } finally {
            PostgresProcesses.resume(POSTGRES);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> post(message("while frozen 1"), "frozen-1").statusCode() == 202);
    }

    @Test
    @Order(5)
    void brokerDownIsA503WithRetryAfterWithinTwoSeconds() throws Exception {
        BROKER.destroy();

        for (int i = 1; i <= 3; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = post(message("broker down " + i), "down-" + i);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            log.info("Broker down: answered {} in {} ms", response.statusCode(), took.toMillis());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(took).isLessThan(FAST);
        }
        // nothing was written, so no key was taken: a retry once the broker is back will be accepted
        assertThat(JdbcClient.create(POSTGRES.getPostgresDatabase())
                        .sql("SELECT count(*) FROM ingest.idempotency_key WHERE key LIKE 'down-%'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private static String message(String text) {
        return "{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"" + text + "\"}}";
    }

    private static String withAttribute(int bytes) {
        return "{\"channel\":\"demo-dingtalk\",\"attributes\":{\"blob\":\"" + "x".repeat(bytes)
                + "\"},\"message\":{\"text\":\"hi\"}}";
    }

    private HttpResponse<String> post(String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/notifications"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", TestCredentials.GATEWAY.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The record on {@code topic} (one partition) whose key or notification id is {@code id}. */
    private static Optional<Object> find(String topic, String id) {
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        BROKER.getBrokersAsString(),
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        2_000_000),
                new StringDeserializer(),
                new TestAvroSerde.AvroDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<Object> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    Object value = record.value();
                    String notificationId = value instanceof AcceptedNotification a
                            ? a.getNotificationId()
                            : value instanceof RejectedNotification r ? r.getNotificationId() : null;
                    if (id.equals(notificationId)) {
                        found.add(value);
                    }
                }
                return !found.isEmpty();
            });
            return found.stream().findFirst();
        }
    }

    private static EmbeddedKafkaKraftBroker startBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("message.max.bytes", String.valueOf(BROKER_MAX_MESSAGE_BYTES)));
        broker.afterPropertiesSet();
        return broker;
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
