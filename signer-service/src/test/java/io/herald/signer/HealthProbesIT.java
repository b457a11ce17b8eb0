package io.herald.signer;

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

/**
 * The signer started as configured, with the probes the schemas module gives every service: its {@code @KafkaListener}s
 * and the retry tier containers it builds itself are all watched, and readiness and liveness answer 200 with their
 * Kafka components. No broker runs here (nothing listens on the bootstrap address): a consumer that cannot reach the
 * broker still returns from every poll, so it is running, not stuck, and an unreachable broker never fails liveness.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // the actuator on the server port (one context for the doors and health checks); ManagementPortIT
            // (signer) and the local stack run it on its own port, as configured
            "management.server.port=",
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "herald.live-channels.follow=false",
            "spring.kafka.admin.auto-create=false",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.channels-file=src/test/resources/health-probes/channels.yml",
            "herald.signer.clock.probe-channels=false"
        })
class HealthProbesIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void readinessWatchesEveryConsumerIncludingTheRetryTiersAndLivenessIgnoresTheMissingBroker() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> ready = get("/actuator/health/readiness");
            assertThat(ready.statusCode()).isEqualTo(200);
            DocumentContext body = JsonPath.parse(ready.body());
            Map<String, Object> consumers = body.read("$.components.kafkaConsumers.details");
            assertThat(consumers)
                    .containsKeys(
                            "herald-signer-accepted-0",
                            "herald-signer-clock-0",
                            "herald-signer-retry-10s-0",
                            "herald-signer-retry-1m-0",
                            "herald-signer-retry-10m-0",
                            "herald-signer-retry-1h-0");
            Map<?, ?> tier = (Map<?, ?>) consumers.get("herald-signer-retry-10s-0");
            assertThat(tier.get("state")).isEqualTo("running");
            assertThat(tier.get("topics")).isEqualTo(List.of("herald.retry.10s"));
        });

        HttpResponse<String> live = get("/actuator/health/liveness");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JsonPath.parse(live.body()).read("$.components.kafkaThreads.status", String.class))
                .isEqualTo("UP");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
