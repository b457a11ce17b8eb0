package io.herald.stack;

import static io.herald.stack.PipelineClient.entries;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import io.herald.sandbox.ReceivedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Pacing as a new user meets it, on the whole stack and the DingTalk sandbox (which allows a robot 20 messages in any
 * minute and answers errcode 130101 past them): two alerts a few seconds apart and an incident's burst of ten go out at
 * once; a burst past the limit goes out up to it, the rest wait for the window (shown as a wait, not a failure) and are
 * delivered, and the sandbox never has to say "send too fast".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacingIT {

    private static final String DEMO_TOKEN = "pacing-it-demo-token";
    private static final String BURST_TOKEN = "pacing-it-burst-token";
    private static final String SECRET = "SECpacing-it-secret-0123456789abcdef";
    private static final String CATALOG = """
            herald:
              channels:
                demo-dingtalk:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:PACING_DEMO_TOKEN
                    secret: env:PACING_SECRET
                  rate-per-minute: 20
                incident-dingtalk:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:PACING_BURST_TOKEN
                    secret: env:PACING_SECRET
                  rate-per-minute: 20
            """;

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startThePipeline() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/pacing-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class).addRobot(DEMO_TOKEN, SECRET))
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class).addRobot(BURST_TOKEN, SECRET))
                .env("PACING_DEMO_TOKEN", DEMO_TOKEN)
                .env("PACING_BURST_TOKEN", BURST_TOKEN)
                .env("PACING_SECRET", SECRET)
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.providers=dingtalk")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoAlertsThreeSecondsApartAreBothDeliveredAtOnce() throws Exception {
        String first = client.post("demo-dingtalk", "pacing-a first alert");
        Thread.sleep(3_000);
        String second = client.post("demo-dingtalk", "pacing-a second alert");

        for (String id : List.of(first, second)) {
            JsonNode delivered = client.awaitStatus(id, "DELIVERED");
            assertDeliveredOnTheFirstTryWithoutWaiting(delivered);
        }
    }

    @Test
    void anIncidentsBurstOfTenGoesOutAtOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(client.post("demo-dingtalk", "pacing-b alert " + i));
        }

        List<Instant> sent = new ArrayList<>();
        for (String id : ids) {
            JsonNode delivered = client.awaitStatus(id, "DELIVERED");
            assertDeliveredOnTheFirstTryWithoutWaiting(delivered);
            sent.add(Instant.parse(
                    entries(delivered, "ATTEMPT").getFirst().path("at").asString()));
        }
        assertThat(Duration.between(
                        sent.stream().min(Instant::compareTo).orElseThrow(),
                        sent.stream().max(Instant::compareTo).orElseThrow()))
                .as("the ten sent within")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aBurstPastTheLimitWaitsForTheWindowAndIsDeliveredWithoutTheProviderRefusingAny() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(client.post("incident-dingtalk", "pacing-c alert " + i));
        }

        List<JsonNode> waited = new ArrayList<>();
        for (String id : ids) {
            JsonNode delivered = client.awaitStatus(id, Duration.ofSeconds(110), Set.of("DELIVERED", "DEAD_LETTERED"));
            assertThat(delivered.path("status").asString()).as(id).isEqualTo("DELIVERED");
            List<JsonNode> waits = entries(delivered, "PACED");
            if (!waits.isEmpty()) {
                waited.add(delivered);
            }
            // a wait is never shown as a failed attempt
            assertThat(entries(delivered, "ATTEMPT"))
                    .as(id)
                    .allSatisfy(a -> assertThat(a.path("outcome").asString()).isEqualTo("DELIVERED"));
        }
        // 20 in the minute at once, the other five waited for the window
        assertThat(waited).hasSize(5);
        for (JsonNode notification : waited) {
            JsonNode wait = entries(notification, "PACED").getFirst();
            assertThat(wait.path("reason").asString()).contains("channel incident-dingtalk's window (20 per minute)");
            assertThat(notification.path("lastOutcome").asString()).isEqualTo("DELIVERED");
        }
        List<ReceivedRequest> received = stack.sandbox().received().stream()
                .filter(r -> r.body().contains("pacing-c alert"))
                .toList();
        assertThat(received).hasSize(25).allSatisfy(r -> assertThat(r.verdict()).isEqualTo("ok"));
        assertThat(received).noneSatisfy(r -> assertThat(r.responseBody()).contains("130101"));
    }

    private static void assertDeliveredOnTheFirstTryWithoutWaiting(JsonNode delivered) {
        List<JsonNode> attempts = entries(delivered, "ATTEMPT");
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.path("attempt").asInt()).isEqualTo(1);
            assertThat(a.path("outcome").asString()).isEqualTo("DELIVERED");
            assertThat(a.path("pacedMs").isNull()).isTrue();
        });
        assertThat(entries(delivered, "PACED")).isEmpty();
    }
}
