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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The application's own producer (Boot's, with Herald's settings: delivery timeout 5 s here, {@code max.block.ms}
 * 2 s) on a real broker, whose sender thread is then killed by an {@code Error} as an OutOfMemoryError killed it in
 * the fault run: sends are no longer answered, and {@code kafkaProducer} (readiness) and {@code kafkaThreads}
 * (liveness) turn DOWN once the producer is past the longest time it can take to answer one.
 */
@EmbeddedKafka(partitions = 1, topics = KafkaProducerHealthIT.TOPIC)
@SpringBootTest(
        classes = KafkaProducerHealthIT.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.kafka.partitions=1",
            "herald.kafka.send-timeout=10s",
            "spring.kafka.producer.properties.max.block.ms=2000",
            "management.endpoints.web.exposure.include=health"
        })
class KafkaProducerHealthIT {

    static final String TOPIC = "health.producer";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, Object> template;

    @Autowired
    ProducerFactory<String, Object> producerFactory;

    @Test
    void aProducerWhoseSenderThreadDiedMakesTheServiceNotReadyAndNotLive() throws Exception {
        // a tombstone needs no schema registry
        template.send(TOPIC, "before", null).get(10, TimeUnit.SECONDS);
        assertThat(get("/actuator/health/readiness").read("$.components.kafkaProducer.status"))
                .isEqualTo("UP");

        producerFactory.createProducer().send(new ProducerRecord<>(TOPIC, "kill", null), (metadata, failure) -> {
            throw new SimulatedCrash();
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(thread ->
                                thread.getName().startsWith("kafka-producer-network-thread") && thread.isAlive()));

        Instant sent = Instant.now();
        var lost = template.send(TOPIC, "after", null);

        // max.block.ms 2 s + delivery.timeout.ms 5 s + 5 s margin
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer ready = get("/actuator/health/readiness");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.read("$.components.kafkaProducer.status")).isEqualTo("DOWN");
            assertThat(ready.read("$.components.kafkaProducer.details.state")).isEqualTo("stalled");
            assertThat(ready.read("$.components.kafkaProducer.details.unansweredSends", Integer.class))
                    .isEqualTo(1);
            Answer live = get("/actuator/health/liveness");
            assertThat(live.status()).isEqualTo(503);
            assertThat(live.read("$.components.kafkaThreads.details.producer.state"))
                    .isEqualTo("stalled");
        });
        Duration after = Duration.between(sent, Instant.now());
        System.out.printf("kafkaProducer DOWN %d ms after the first unanswered send%n", after.toMillis());
        assertThat(after).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
        assertThat(lost).isNotDone();
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

    /** What an OutOfMemoryError on the producer's sender thread does, without exhausting the test's heap. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash of the producer's sender thread");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}
}
