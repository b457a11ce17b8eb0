package io.herald.contract.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A real consumer on a real broker, with the service's settings shortened (checked every second, not polling for 2 s
 * is reported, {@code max.poll.interval.ms} 10 s): a listener that does not return turns {@code /actuator/health} and
 * its readiness probe DOWN naming the consumer, its topic and since when, then its liveness probe once the group has
 * given up on it, and all is UP again once it returns; a consumer thread ended by an {@code Error} is dead until its
 * container is started again.
 */
@EmbeddedKafka(partitions = 1, topics = KafkaConsumersHealthIT.TOPIC)
@SpringBootTest(
        classes = KafkaConsumersHealthIT.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.kafka.partitions=1",
            "spring.kafka.consumer.group-id=health-it",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "spring.kafka.consumer.properties.max.poll.interval.ms=10000",
            "spring.kafka.listener.poll-timeout=500ms",
            "spring.kafka.listener.monitor-interval=1s",
            "spring.kafka.listener.no-poll-threshold=4",
            "management.endpoints.web.exposure.include=health"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaConsumersHealthIT {

    static final String TOPIC = "health.it";
    private static final String CONSUMER = "health-it-0";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Autowired
    Listener listener;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @AfterEach
    void letTheListenerGo() {
        listener.release.countDown();
    }

    @Test
    @Order(1)
    void aListenerThatDoesNotReturnMakesTheServiceNotReadyThenNotLiveAndBothComeBackWhenItReturns() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Answer ready = get("/actuator/health/readiness");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.read("$.components.kafkaConsumers.details['" + CONSUMER + "'].state"))
                    .isEqualTo("running");
        });

        Instant sent = Instant.now();
        send("block");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Answer ready = get("/actuator/health/readiness");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.read("$.components.kafkaConsumers.status")).isEqualTo("DOWN");
            assertThat(ready.read("$.components.kafkaConsumers.details['" + CONSUMER + "'].state"))
                    .isEqualTo("not polling");
            assertThat(ready.read("$.components.kafkaConsumers.details['" + CONSUMER + "'].topics", List.class))
                    .containsExactly(TOPIC);
            Instant since = Instant.parse(ready.read("$.components.kafkaConsumers.details['" + CONSUMER + "'].since"));
            assertThat(since).isBetween(sent.minusSeconds(2), Instant.now().minusSeconds(2));
        });
        System.out.printf(
                "kafkaConsumers DOWN %d ms after the record that holds the listener was sent%n",
                Duration.between(sent, Instant.now()).toMillis());
        assertThat(get("/actuator/health").read("$.status")).isEqualTo("DOWN");
        // held 2 s is not dead: it may be waiting out a dependency's timeouts
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer live = get("/actuator/health/liveness");
            assertThat(live.status()).isEqualTo(503);
            assertThat(live.read("$.components.kafkaThreads.details.consumers['" + CONSUMER + "'].state"))
                    .isEqualTo("not polling");
        });

        Instant released = Instant.now();
        listener.release.countDown();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        });
        System.out.printf(
                "readiness and liveness UP %d ms after the listener returned%n",
                Duration.between(released, Instant.now()).toMillis());
    }

    @Test
    @Order(2)
    void aConsumerThreadEndedByAnErrorIsDeadUntilItsContainerIsStartedAgain() throws Exception {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> get("/actuator/health/readiness").status() == 200);

        send("crash");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Answer ready = get("/actuator/health/readiness");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.read("$.components.kafkaConsumers.details['" + CONSUMER + "'].state"))
                    .isEqualTo("stopped abnormally");
            assertThat(ready.read("$.components.kafkaConsumers.details['" + CONSUMER + "'].reason"))
                    .isEqualTo("an Error thrown on the consumer thread ended it");
            Answer live = get("/actuator/health/liveness");
            assertThat(live.status()).isEqualTo(503);
            assertThat(live.read("$.components.kafkaThreads.details.consumers['" + CONSUMER + "'].state"))
                    .isEqualTo("stopped abnormally");
        });

        MessageListenerContainer container = registry.getListenerContainer("health-it");
        container.stop();
        container.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer ready = get("/actuator/health/readiness");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.read("$.components.kafkaConsumers.details['" + CONSUMER + "'].state"))
                    .isEqualTo("running");
            assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        });
    }

    private void send(String key) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, "not avro")).get(10, TimeUnit.SECONDS);
        }
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JsonPath.parse(response.body()));
    }

    private record Answer(int status, DocumentContext body) {
        String read(String path) {
            return body.read(path, String.class);
        }

        <T> T read(String path, Class<T> type) {
            return body.read(path, type);
        }
    }

    /** An Error as a listener may meet one (the JVM's own would be an OutOfMemoryError or StackOverflowError). */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash of the consumer thread");
        }
    }

    /** Holds the consumer thread on the first record keyed {@code block}; throws an Error on the first keyed {@code crash}. */
    static class Listener {

        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean held = new AtomicBoolean();
        private final AtomicBoolean crashed = new AtomicBoolean();

        @KafkaListener(id = "health-it", topics = TOPIC, batch = "true")
        void on(List<ConsumerRecord<String, Object>> records) throws InterruptedException {
            for (ConsumerRecord<String, Object> record : records) {
                if ("block".equals(record.key()) && held.compareAndSet(false, true)) {
                    release.await(2, TimeUnit.MINUTES);
                }
                if ("crash".equals(record.key()) && crashed.compareAndSet(false, true)) {
                    throw new SimulatedCrash();
                }
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Listener.class)
    static class App {}
}
