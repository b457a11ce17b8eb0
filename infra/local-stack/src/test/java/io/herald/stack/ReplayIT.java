package io.herald.stack;

import static io.herald.stack.PipelineClient.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import io.herald.sandbox.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead-letter replay end to end, on the same real stack as {@link PipelineIT}: a channel whose robot has another secret
 * than the channel signs with is dead-lettered; once the cause is fixed at the provider (the robot gets the channel's
 * secret), an operator previews and replays it through the audit API; the replay goes back through ingest's topic and
 * the signer (fresh signature) and is delivered, with its lineage on both timelines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {

    private static final String ROBOT_TOKEN = "replay-it-robot";
    private static final String CHANNEL_SECRET = "SECreplay-it-channel-secret-0123456789";
    private static final String CATALOG = """
            herald:
              channels:
                it-replay:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:REPLAY_IT_TOKEN
                    secret: env:REPLAY_IT_SECRET
            """;
    private static final String RETRY_TIERS = "--herald.kafka.retry-tiers=1s,2s";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startThePipeline() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/replay-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                // the robot was created with another secret than the one the channel was given
                .sandboxSetup(
                        s -> s.verifier(DingTalkRobotVerifier.class).addRobot(ROBOT_TOKEN, "SECthe-robots-old-secret"))
                .env("REPLAY_IT_TOKEN", ROBOT_TOKEN)
                .env("REPLAY_IT_SECRET", CHANNEL_SECRET)
                .everyServiceArgs(RETRY_TIERS)
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.max-attempts=3")
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
    void deadLetterFixedAtTheProviderIsReplayedWithLineageAndDelivered() throws Exception {
        // given a notification dead-lettered because the robot's secret differs from the channel's
        String id = client.post("""
                {"channel":"it-replay","message":{"text":"replay me once the secret is fixed"}}""");
        JsonNode original = client.awaitStatus(id, "DEAD_LETTERED");
        assertThat(entries(original, "ATTEMPT").getFirst().path("providerCode").asString())
                .isEqualTo("310000");

        // when the cause is fixed at the provider
        stack.sandbox().verifier(DingTalkRobotVerifier.class).addRobot(ROBOT_TOKEN, CHANNEL_SECRET);

        // a dry run by filter lists it and sends nothing
        int receivedBefore = stack.sandbox().received().size();
        JsonNode preview = replay(stack.operatorToken(), """
                {"filter":{"channel":"it-replay","providerCode":"310000"},"dryRun":true}""", 200);
        assertThat(preview.path("dryRun").asBoolean()).isTrue();
        assertThat(items(preview)).singleElement().satisfies(item -> {
            assertThat(item.path("id").asString()).isEqualTo(id);
            assertThat(item.path("outcome").asString()).isEqualTo("WOULD_REPLAY");
            assertThat(item.path("replayId").asString()).isEqualTo(id + "-replay-1");
        });

        // a READ token may not replay, and its attempt changes nothing
        HttpResponse<String> forbidden = post(auditUrl("/v1/replays"), stack.readToken(), "{\"ids\":[\"" + id + "\"]}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> anonymous = post(auditUrl("/v1/replays"), null, "{\"ids\":[\"" + id + "\"]}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(get("/v1/notifications/" + id, stack.readToken())
                        .path("replays")
                        .asInt())
                .isZero();
        assertThat(types(get("/v1/notifications/" + id, stack.readToken()))).doesNotContain("REPLAYED");
        assertThat(stack.sandbox().received()).hasSize(receivedBefore);

        // then the operator's replay is delivered with a fresh signature and lineage
        JsonNode replayed = replay(stack.operatorToken(), "{\"ids\":[\"" + id + "\"]}", 200);
        assertThat(items(replayed)).singleElement().satisfies(item -> {
            assertThat(item.path("outcome").asString()).isEqualTo("REPLAYED");
            assertThat(item.path("replayCount").asInt()).isEqualTo(1);
        });
        String replayId = id + "-replay-1";
        JsonNode replay = client.awaitStatus(replayId, "DELIVERED");
        assertThat(replay.path("source").asString()).isEqualTo("REPLAY");
        assertThat(replay.path("channel").asString()).isEqualTo("it-replay");
        assertThat(replay.path("replay").path("originalId").asString()).isEqualTo(id);
        assertThat(replay.path("replay").path("replayCount").asInt()).isEqualTo(1);
        assertThat(replay.path("replay").path("requestedBy").asString()).isEqualTo("operator");
        assertThat(replay.path("replay").path("requestedAt").asString()).isNotBlank();
        List<ReceivedRequest> sent = stack.sandbox().received().stream()
                .filter(r -> r.body().contains("replay me once the secret is fixed"))
                .toList();
        assertThat(sent).extracting(ReceivedRequest::verdict).containsExactly("sign not match", "ok");

        // and the original's timeline shows the replay and where it stands
        JsonNode originalAfter = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get("/v1/notifications/" + id, stack.readToken()),
                        n -> entries(n, "REPLAYED").size() == 1
                                && entries(n, "REPLAYED")
                                        .getFirst()
                                        .path("replayStatus")
                                        .asString()
                                        .equals("DELIVERED"));
        JsonNode entry = entries(originalAfter, "REPLAYED").getFirst();
        assertThat(entry.path("replayId").asString()).isEqualTo(replayId);
        assertThat(entry.path("requestedBy").asString()).isEqualTo("operator");
        assertThat(originalAfter.path("status").asString()).isEqualTo("DEAD_LETTERED");
        assertThat(originalAfter.path("replays").asInt()).isEqualTo(1);

        // replaying it again is refused without force ...
        JsonNode refused = replay(stack.operatorToken(), "{\"ids\":[\"" + id + "\"]}", 200);
        assertThat(items(refused))
                .singleElement()
                .satisfies(item -> assertThat(item.path("outcome").asString()).isEqualTo("ALREADY_REPLAYED"));
        // ... and done with it
        JsonNode forced = replay(stack.operatorToken(), "{\"ids\":[\"" + id + "\"],\"force\":true}", 200);
        assertThat(items(forced)).singleElement().satisfies(item -> {
            assertThat(item.path("outcome").asString()).isEqualTo("REPLAYED");
            assertThat(item.path("replayId").asString()).isEqualTo(id + "-replay-2");
        });
        JsonNode second = client.awaitStatus(id + "-replay-2", "DELIVERED");
        assertThat(second.path("replay").path("replayCount").asInt()).isEqualTo(2);

        // no credential shows in anything the audit API answered
        for (JsonNode answer : List.of(original, originalAfter, replay, second, preview, replayed)) {
            assertThat(answer.toString())
                    .doesNotContain(CHANNEL_SECRET, ROBOT_TOKEN)
                    .doesNotContain(stack.tokens().values());
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private String auditUrl(String path) {
        return stack.httpUrl("audit") + path;
    }

    private JsonNode replay(String token, String body, int expectedStatus) throws Exception {
        HttpResponse<String> answer = post(auditUrl("/v1/replays"), token, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expectedStatus);
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> post(String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(auditUrl(path)))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode();
    }

    private static List<JsonNode> items(JsonNode result) {
        List<JsonNode> items = new ArrayList<>();
        result.path("items").forEach(items::add);
        return items;
    }

    private static List<String> types(JsonNode notification) {
        List<String> types = new ArrayList<>();
        notification
                .path("timeline")
                .forEach(entry -> types.add(entry.path("type").asString()));
        return types;
    }
}
