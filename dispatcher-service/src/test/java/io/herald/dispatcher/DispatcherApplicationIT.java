package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.TestAvroSerde;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import io.herald.dispatcher.kafka.SignedTopicContainers;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.DeliveryRetry;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dispatcher as a Spring Boot application against a real (embedded) Kafka broker and a real HTTP
 * provider on 127.0.0.1: the listener containers, the outcome records, offsets committed after the
 * outcome, undecodable records skipped, health. Avro goes through a registry-less test serde; the
 * Apicurio serde is covered by the end-to-end PipelineIT.
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
            "herald.dispatcher.instance-id=dispatcher-it",
            "herald.dispatcher.request-timeout=2s",
            "herald.security.tokens.operator.secret=file:${test.operator-token}",
            "herald.security.tokens.operator.roles=OPERATOR",
            "herald.security.tokens.operator.tenants=*"
        })
class DispatcherApplicationIT {

    private static final String OPERATOR = "operator-token-6b5a4c3d2e";
    private static final Path OPERATOR_TOKEN = operatorToken();

    private static LoopbackProvider provider;

    @BeforeAll
    static void startProvider() {
        provider = LoopbackProvider.start();
    }

    @AfterAll
    static void stopProvider() throws Exception {
        provider.close();
        Files.deleteIfExists(OPERATOR_TOKEN);
    }

    @DynamicPropertySource
    static void operatorTokenFile(DynamicPropertyRegistry registry) {
        registry.add("test.operator-token", OPERATOR_TOKEN::toString);
    }

    private static Path operatorToken() {
        try {
            Path file = Files.createTempFile("herald-operator", ".token");
            Files.writeString(file, OPERATOR);
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TestConfiguration
    static class RegistryLessSerde {
        /** Runs after Herald's serde customizers: swaps the Apicurio serde for {@link TestAvroSerde}. */
        @Bean
        static BeanPostProcessor testAvroSerde() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof DefaultKafkaConsumerFactory<?, ?> consumers) {
                        consumers.updateConfigs(Map.of(
                                ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS,
                                TestAvroSerde.AvroDeserializer.class));
                    }
                    if (bean instanceof DefaultKafkaProducerFactory<?, ?> producers) {
                        producers.updateConfigs(Map.of(
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TestAvroSerde.AvroSerializer.class));
                    }
                    return bean;
                }
            };
        }
    }

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @LocalServerPort
    int port;

    @Autowired
    Topics topics;

    @Autowired
    SignedTopicContainers containers;

    @Autowired
    MeterRegistry meters;

    private KafkaConsumer<String, Object> outcomes;
    private final List<ConsumerRecord<String, Object>> seen = new CopyOnWriteArrayList<>();

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
        provider.answer(200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @AfterEach
    void closeReader() {
        outcomes.close();
    }

    private List<ConsumerRecord<String, Object>> outcomesOf(String notificationId) {
        outcomes.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> notificationId.equals(r.key())).toList();
    }

    private static SignedDelivery signed(String notificationId) {
        SignedDelivery template = Fixtures.signed(provider.endpoint(), 1, Instant.now(), List.of());
        AcceptedNotification notification = AcceptedNotification.newBuilder(template.getNotification())
                .setNotificationId(notificationId)
                .setAcceptedAt(Instant.now())
                .build();
        return SignedDelivery.newBuilder(template).setNotification(notification).build();
    }

    private void publish(String notificationId) throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new TestAvroSerde.AvroSerializer())) {
            producer.send(new ProducerRecord<>(
                            topics.signed(Provider.of("dingtalk")), Fixtures.CHANNEL, signed(notificationId)))
                    .get();
        }
    }

    @Test
    void oneContainerPerRegisteredProviderWithItsOwnGroup() {
        // the catalog has dingtalk channels only, but channels of any provider may be created while it runs
        assertThat(containers.containers()).hasSize(Provider.all().size()).allSatisfy(container -> {
            assertThat(container.isRunning()).isTrue();
        });
        assertThat(containers.containers())
                .extracting(container -> container.getContainerProperties().getGroupId())
                .containsExactlyInAnyOrderElementsOf(Provider.all().stream()
                        .map(io.herald.contract.kafka.Topics::dispatcherGroup)
                        .toList());
        assertThat(containers.containers())
                .filteredOn(container ->
                        container.getContainerProperties().getGroupId().equals("herald-dispatcher-dingtalk"))
                .singleElement()
                .satisfies(container -> assertThat(
                                container.getContainerProperties().getTopics())
                        .containsExactly("herald.signed.dingtalk"));
    }

    @Test
    void deliveredRequestIsRecordedAsAnAttempt() throws Exception {
        String id = UUID.randomUUID().toString();

        publish(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> !outcomesOf(id).isEmpty());
        assertThat(outcomesOf(id)).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("herald.attempts");
            DeliveryAttempt attempt = (DeliveryAttempt) record.value();
            assertThat(attempt.getOutcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(attempt.getDispatcher()).isEqualTo("dispatcher-it");
            assertThat(attempt.getProviderCode()).isEqualTo("0");
        });
        assertThat(provider.received())
                .anySatisfy(request -> assertThat(new String(request.body(), StandardCharsets.UTF_8))
                        .isEqualTo(Fixtures.BODY));
    }

    @Test
    void unavailableProviderSchedulesARetry() throws Exception {
        provider.answer(503, "text/html", "<html>down</html>");
        String id = UUID.randomUUID().toString();

        publish(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> outcomesOf(id).size() == 2);
        assertThat(outcomesOf(id))
                .extracting(ConsumerRecord::topic)
                .containsExactlyInAnyOrder("herald.attempts", "herald.retry.10s");
        DeliveryRetry retry = (DeliveryRetry) outcomesOf(id).stream()
                .filter(r -> r.topic().equals("herald.retry.10s"))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(retry.getNextAttempt()).isEqualTo(2);
    }

    @Test
    void permanentFailureIsDeadLettered() throws Exception {
        provider.answer(200, "application/json", "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        String id = UUID.randomUUID().toString();

        publish(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> outcomesOf(id).size() == 2);
        DeadLetter dead = (DeadLetter) outcomesOf(id).stream()
                .filter(r -> r.topic().equals("herald.dead-letters"))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(dead.getReason()).isEqualTo("DingTalk errcode 310000: sign not match");
    }

    @Test
    void undecodableRecordIsSkippedWithoutBlockingThePartition() throws Exception {
        double before = skipped();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(
                            topics.signed(Provider.of("dingtalk")),
                            Fixtures.CHANNEL,
                            "<not avro>".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        String id = UUID.randomUUID().toString();

        publish(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> !outcomesOf(id).isEmpty());
        assertThat(skipped()).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(committedOffset()).isEqualTo(endOffset()));
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void assignmentsListThePartitionsThisInstanceOwns() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/assignments"))
                                    .header("Authorization", "Bearer " + OPERATOR)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body().replace(" ", ""))
                    .contains(
                            "\"instance\":\"dispatcher-it\"",
                            "\"topic\":\"herald.signed.dingtalk\"",
                            "\"group\":\"herald-dispatcher-dingtalk\"",
                            "\"partitions\":[0]");
        });
    }

    private double skipped() {
        return meters.find("herald.kafka.records.malformed").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private long committedOffset() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("herald-dispatcher-dingtalk")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(new TopicPartition("herald.signed.dingtalk", 0));
            return committed == null ? -1 : committed.offset();
        }
    }

    private long endOffset() {
        TopicPartition partition = new TopicPartition("herald.signed.dingtalk", 0);
        return outcomes.endOffsets(List.of(partition)).get(partition);
    }
}
