package io.herald.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The signer with its actuator on its own port, as in production, and a clock it cannot trust for the one provider it
 * serves (Tencent Cloud, 5 min window; no time source): not ready (503, the clock component says why) but live (200),
 * so a liveness probe never restarts a signer that rightly refuses to sign. Health and the scrape are open on that
 * port, the rest of the actuator needs OPERATOR, and the server's own port serves no actuator endpoint.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "herald.live-channels.follow=false",
            "spring.kafka.admin.auto-create=false",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.channels-file=src/test/resources/management-port/channels.yml",
            "herald.signer.clock.probe-channels=false",
            "herald.signer.clock.initial-sync-timeout=0s",
            "herald.security.tokens.operator.secret=file:${test.tokens}/operator",
            "herald.security.tokens.operator.roles=OPERATOR",
            "herald.security.tokens.operator.tenants=*"
        })
class ManagementPortIT {

    private static final String OPERATOR = "operator-token-7e6d5c4b3a";
    private static final Path TOKENS = tokens();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
        registry.add("test.tokens", TOKENS::toString);
    }

    @AfterAll
    static void forgetTokens() throws Exception {
        Files.deleteIfExists(TOKENS.resolve("operator"));
        Files.deleteIfExists(TOKENS);
    }

    @Test
    void anUntrustedClockMakesTheSignerUnreadyButLeavesItLive() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> ready = get(managementPort, "/actuator/health/readiness", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(JsonPath.parse(ready.body()).read("$.components.clock.status", String.class))
                    .isEqualTo("DOWN");
            assertThat(JsonPath.parse(ready.body())
                            .read("$.components.clock.details.providers.tencentcloud.reason", String.class))
                    .contains("exceeds tencentcloud tolerance");
        });
        HttpResponse<String> live = get(managementPort, "/actuator/health/liveness", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JsonPath.parse(live.body()).read("$.status", String.class)).isEqualTo("UP");
        assertThat(live.body()).doesNotContain("clock");
    }

    @Test
    void healthAndTheScrapeAreOpenOnTheManagementPortAndNothingElseIs() throws Exception {
        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains(
                        "herald_signer_clock_bound_seconds",
                        "herald_signer_clock_refusals_total{provider=\"tencentcloud\"} 0.0",
                        "jvm_memory_used_bytes");

        assertThat(get(managementPort, "/actuator/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get(managementPort, "/actuator/metrics", OPERATOR).statusCode())
                .isEqualTo(200);

        assertThat(get(port, "/actuator/health", null).statusCode()).isEqualTo(404);
        assertThat(get(port, "/actuator/prometheus", null).statusCode()).isIn(401, 404);
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path tokens() {
        try {
            Path dir = Files.createTempDirectory("herald-management-port-");
            Files.writeString(dir.resolve("operator"), OPERATOR);
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
