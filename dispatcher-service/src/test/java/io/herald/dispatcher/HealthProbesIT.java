package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The probes the schemas module gives every service, in the dispatcher as configured (no health settings of its own):
 * the per-provider containers it builds itself are watched like {@code @KafkaListener}s, readiness and liveness answer
 * 200 with their Kafka components, and the main endpoint names every component.
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
            "herald.kafka.partitions=1"
        })
class HealthProbesIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void readinessWatchesTheProviderContainersAndLivenessTheKafkaThreads() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> ready = get("/actuator/health/readiness");
            assertThat(ready.statusCode()).isEqualTo(200);
            DocumentContext body = JsonPath.parse(ready.body());
            assertThat(body.read("$.components.readinessState.status", String.class))
                    .isEqualTo("UP");
            assertThat(body.read("$.components.kafkaProducer.status", String.class))
                    .isEqualTo("UP");
            Map<?, ?> dingtalk =
                    body.read("$.components.kafkaConsumers.details['herald-signed-dingtalk-0']", Map.class);
            assertThat(dingtalk.get("state")).isEqualTo("running");
            assertThat(dingtalk.get("topics")).isEqualTo(List.of("herald.signed.dingtalk"));
            assertThat(dingtalk.get("group")).isEqualTo("herald-dispatcher-dingtalk");
        });

        HttpResponse<String> live = get("/actuator/health/liveness");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JsonPath.parse(live.body()).read("$.components", Map.class))
                .containsOnlyKeys("livenessState", "kafkaThreads");

        HttpResponse<String> all = get("/actuator/health");
        assertThat(JsonPath.parse(all.body()).read("$.components", Map.class))
                .containsKeys("kafkaConsumers", "kafkaProducer", "kafkaThreads");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
