package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The launcher with the four services as processes, on free ports, with a catalog pointing at the sandbox:
 * one notification goes through, a service is stopped and started again, and nothing outlives the stack.
 * Opt-in ({@code -Dherald.it.services=true}) so the launcher's own build does not depend on the services
 * being complete; the end-to-end behaviour of the pipeline is PipelineIT's job.
 */
@EnabledIfSystemProperty(named = "herald.it.services", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackServicesIT {

    private static final String CATALOG = """
            herald:
              channels:
                it-dingtalk:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:IT_DINGTALK_TOKEN
                    secret: env:IT_DINGTALK_SECRET
                  rate-per-minute: 20
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private LocalStack stack;

    @BeforeAll
    void startEverything() {
        Path home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/local-stack-services-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                .sandboxRobot("it-token", "SECit-secret")
                .env("IT_DINGTALK_TOKEN", "it-token")
                .env("IT_DINGTALK_SECRET", "SECit-secret")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
    }

    @AfterAll
    void stopEverything() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aNotificationPostedToIngestReachesTheSandboxSigned() throws Exception {
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.httpUrl("ingest") + "/v1/notifications"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"channel\":\"it-dingtalk\",\"message\":{\"text\":\"hello from LocalStackServicesIT\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(stack.sandbox().received())
                .anySatisfy(request -> {
                    assertThat(request.verdict()).isEqualTo("ok");
                    assertThat(request.body()).contains("hello from LocalStackServicesIT");
                }));
    }

    @Test
    @Order(2)
    void aStoppedServiceStartsAgainOnItsPort() throws Exception {
        String health = stack.httpUrl("dispatcher") + "/actuator/health";
        long before = pidOf("dispatcher");

        stack.stopService("dispatcher");

        assertThat(ProcessHandle.of(before)).isEmpty();
        stack.startService("dispatcher");
        assertThat(pidOf("dispatcher")).isNotEqualTo(before);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(health)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    @Order(100)
    void closeLeavesNoProcessBehind() {
        List<ProcessHandle> processes = stack.components().stream()
                .flatMap(component -> component.pid().stream().boxed())
                .map(pid -> ProcessHandle.of(pid).orElseThrow())
                .flatMap(process -> Stream.concat(Stream.of(process), process.descendants()))
                .toList();
        assertThat(stack.components()).extracting(LocalStack.ComponentState::name)
                .contains("ingest", "signer", "dispatcher", "audit");

        stack.close();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processes).noneMatch(ProcessHandle::isAlive));
        assertThat(new RunFiles(stack.workDir()).leftovers()).isEmpty();
    }

    private long pidOf(String name) {
        return stack.components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow()
                .pid().orElseThrow();
    }
}
