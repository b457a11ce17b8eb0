package io.herald.stack;

import static io.herald.stack.PipelineClient.entries;
import static io.herald.stack.PipelineClient.types;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead-letter replay and tracing end to end, on the same real stack as {@link PipelineIT} with a real Zipkin: a channel
 * whose robot has another secret than the channel signs with is dead-lettered; once the cause is fixed at the provider
 * (the robot gets the channel's secret), an operator previews and replays it through the audit API; the replay goes
 * back through the signer (fresh signature) and is delivered, with its lineage on both timelines. Every notification is
 * one trace across the four services, its retries included; a replay is a trace of its own that names the original's.
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
                it-traced:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:TRACED_IT_TOKEN
                    secret: env:REPLAY_IT_SECRET
                # a route: the robot refuses the channel's secret, the Standard Webhooks endpoint takes it
                it-routed:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:ROUTED_IT_TOKEN
                    secret: env:REPLAY_IT_SECRET
                  fallbacks: [it-fallback-hooks]
                it-fallback-hooks:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/fallback
                  credentials:
                    secret: env:FALLBACK_IT_WHSEC
                # a route whose every channel refuses: the dead letter, and a replay that starts the route again
                it-routed-nowhere:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:NOWHERE_IT_TOKEN
                    secret: env:REPLAY_IT_SECRET
                  fallbacks: [it-refused]
                it-refused:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:REFUSED_IT_TOKEN
                    secret: env:REPLAY_IT_SECRET
            """;
    private static final String FALLBACK_SECRET = "whsec_"
            + java.util.Base64.getEncoder()
                    .encodeToString(
                            "replay-it-fallback-secret-32byte".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static final String NOWHERE_ROBOT_TOKEN = "nowhere-it-robot";
    private static final String ROUTED_ROBOT_TOKEN = "routed-it-robot";
    private static final String REFUSED_ROBOT_TOKEN = "refused-it-robot";
    private static final String TRACED_ROBOT_TOKEN = "traced-it-robot";
    private static final List<String> SERVICES =
            List.of("herald-ingest", "herald-signer", "herald-dispatcher", "herald-audit");
    private static final String RETRY_TIERS = "--herald.kafka.retry-tiers=1s,2s";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LocalStack stack;
    private PipelineClient client;
    private ZipkinServer zipkin;

    @BeforeAll
    void startThePipeline() throws Exception {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        var home = LocalStack.heraldHome();
        zipkin = ZipkinServer.start(home, home.resolve("infra/local-stack/target/replay-it/logs/zipkin.log"));
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/replay-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                // the robot was created with another secret than the one the channel was given
                .sandboxSetup(s -> {
                    s.verifier(DingTalkRobotVerifier.class).addRobot(ROBOT_TOKEN, "SECthe-robots-old-secret");
                    s.verifier(DingTalkRobotVerifier.class).addRobot(TRACED_ROBOT_TOKEN, CHANNEL_SECRET);
                    // robots that know another secret than their channel's: they answer 310000
                    for (String robot : List.of(NOWHERE_ROBOT_TOKEN, ROUTED_ROBOT_TOKEN, REFUSED_ROBOT_TOKEN)) {
                        s.verifier(DingTalkRobotVerifier.class).addRobot(robot, "SECanother-old-secret");
                    }
                    s.verifier(io.herald.provider.webhook.sandbox.StandardWebhookVerifier.class)
                            .addEndpoint("fallback", List.of(FALLBACK_SECRET));
                })
                .env("FALLBACK_IT_WHSEC", FALLBACK_SECRET)
                .env("NOWHERE_IT_TOKEN", NOWHERE_ROBOT_TOKEN)
                .env("ROUTED_IT_TOKEN", ROUTED_ROBOT_TOKEN)
                .env("REFUSED_IT_TOKEN", REFUSED_ROBOT_TOKEN)
                .env("REPLAY_IT_TOKEN", ROBOT_TOKEN)
                .env("TRACED_IT_TOKEN", TRACED_ROBOT_TOKEN)
                .env(zipkin.exportTo())
                // Spring Boot's structured logging: one JSON object per line, with the MDC's trace and notification ids
                .env("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
                .env("REPLAY_IT_SECRET", CHANNEL_SECRET)
                .everyServiceArgs(RETRY_TIERS)
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.max-attempts=3")
                .serviceArgs(HeraldService.AUDIT, "--herald.audit.trace-url=" + zipkin.tracePage())
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stopThePipeline() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (zipkin != null) {
            zipkin.close();
        }
    }

    @Test
    void oneNotificationIsOneTraceAcrossTheFourServicesItsRetriesIncluded() throws Exception {
        // the robot is unavailable for the first two tries: delivered on the third, through the retry path
        stack.sandbox().injectFaults("/dingtalk/robot/send", 2, 503, null);
        String id = client.post("it-traced", "follow me through every hop");
        JsonNode delivered = client.awaitStatus(id, "DELIVERED");
        assertThat(entries(delivered, "ATTEMPT")).hasSizeGreaterThanOrEqualTo(3);

        String traceId = delivered.path("traceId").asString();
        assertThat(traceId).matches("[0-9a-f]{32}");
        // the timeline links to the trace in the trace UI (the page makes it a link)
        String traceUrl = delivered.path("traceUrl").asString();
        assertThat(traceUrl).isEqualTo(zipkin.tracePage().replace("{traceId}", traceId));
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(URI.create(traceUrl)).build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);
        List<JsonNode> spans = awaitTrace(traceId, id, SERVICES, 3);
        // one tree: a single root, ingest's handling of the HTTP request, and every other span's parent in the trace
        Set<String> spanIds =
                spans.stream().map(span -> span.path("id").asString()).collect(Collectors.toSet());
        List<JsonNode> roots =
                spans.stream().filter(span -> !span.has("parentId")).toList();
        assertThat(roots).singleElement().satisfies(root -> {
            assertThat(service(root)).isEqualTo("herald-ingest");
            assertThat(root.path("kind").asString()).isEqualTo("SERVER");
        });
        assertThat(spans)
                .filteredOn(span -> span.has("parentId"))
                .allSatisfy(span ->
                        assertThat(spanIds).contains(span.path("parentId").asString()));
        // each hop's processing of a record about this notification, tagged with its id
        assertThat(processing(spans, id))
                .extracting(span -> service(span) + " " + span.path("name").asString())
                .contains(
                        "herald-signer herald.accepted process",
                        "herald-dispatcher herald.signed.dingtalk process",
                        "herald-audit herald.accepted process",
                        "herald-audit herald.attempts process");
        // the retries were signed afresh from the retry topics, in the same trace
        assertThat(spans)
                .filteredOn(span -> service(span).equals("herald-signer")
                        && span.path("name").asString().startsWith("herald.retry."))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(spans.toString()).doesNotContain(CHANNEL_SECRET, TRACED_ROBOT_TOKEN);

        // the dispatcher's log lines about the failed tries are JSON naming the notification and its trace
        List<JsonNode> tries = logLines("dispatcher").stream()
                .filter(line -> id.equals(line.path("notificationId").asString()))
                .filter(line -> line.path("log").path("logger").asString().endsWith(".DeliveryService"))
                .toList();
        assertThat(tries)
                .as("JSON log lines of the dispatcher about %s", id)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(line -> {
                    assertThat(line.path("traceId").asString()).isEqualTo(traceId);
                    assertThat(line.path("message").asString()).contains(id, "RETRYABLE");
                });
    }

    @Test
    void deadLetterFixedAtTheProviderIsReplayedWithLineageAndDelivered() throws Exception {
        // given a notification dead-lettered because the robot's secret differs from the channel's
        String id = client.post("""
                {"channel":"it-replay","message":{"text":"replay me once the secret is fixed"}}""");
        JsonNode original = client.awaitDeadLettered(id);
        assertThat(entries(original, "ATTEMPT").getLast().path("providerCode").asString())
                .isEqualTo("310000");
        // its dead letter is in its trace
        String originalTrace = original.path("traceId").asString();
        assertThat(awaitTrace(originalTrace, id, SERVICES, 1))
                .anySatisfy(span -> assertThat(span.path("name").asString()).isEqualTo("herald.dead-letters process"));

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
        // the replay is a trace of its own, started by the operator's request, whose replay span names the original's
        String replayTrace = replay.path("traceId").asString();
        assertThat(replayTrace).matches("[0-9a-f]{32}").isNotEqualTo(originalTrace);
        List<JsonNode> replaySpans =
                awaitTrace(replayTrace, replayId, List.of("herald-audit", "herald-signer", "herald-dispatcher"), 1);
        assertThat(replaySpans)
                .filteredOn(span -> span.path("name").asString().equalsIgnoreCase("replay " + id))
                .singleElement()
                .satisfies(span -> {
                    assertThat(span.path("tags")
                                    .path("herald.replay.original.trace.id")
                                    .asString())
                            .isEqualTo(originalTrace);
                    assertThat(span.path("tags").path("herald.notification.id").asString())
                            .isEqualTo(replayId);
                });
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

    /**
     * The trace's spans once Zipkin has spans of each of {@code services} and at least {@code dispatches} of the
     * dispatcher's processing a record about {@code notificationId}.
     */
    private List<JsonNode> awaitTrace(String traceId, String notificationId, List<String> services, int dispatches) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> zipkin.trace(traceId), spans -> {
                    long dispatched = processing(spans, notificationId).stream()
                            .filter(span -> service(span).equals("herald-dispatcher"))
                            .count();
                    return spans.stream().map(ReplayIT::service).toList().containsAll(services)
                            && dispatched >= dispatches;
                });
    }

    /** A service's log lines, each a JSON object (structured logging), the launcher's own lines left out. */
    private List<JsonNode> logLines(String service) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(stack.logFile(service))) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** The consumer spans of records about {@code notificationId}. */
    private static List<JsonNode> processing(List<JsonNode> spans, String notificationId) {
        return spans.stream()
                .filter(span -> span.path("kind").asString().equals("CONSUMER"))
                .filter(span -> span.path("tags")
                        .path("herald.notification.id")
                        .asString()
                        .equals(notificationId))
                .toList();
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asString();
    }

    @Test
    void aChannelTheProviderRefusesGoesOnAlongItsRouteAndIsDeliveredViaTheFallback() throws Exception {
        String id = client.post("""
                {"channel":"it-routed","message":{"text":"disk full on db-7, routed"}}""");

        JsonNode delivered = client.awaitStatus(id, "DELIVERED");

        // the robot refused (310000), the route went on, the webhook endpoint took it, signed for Standard Webhooks
        assertThat(types(delivered)).containsSubsequence("ATTEMPT", "REROUTED", "SIGNED", "ATTEMPT");
        List<JsonNode> attempts = entries(delivered, "ATTEMPT");
        assertThat(attempts)
                .extracting(a -> a.path("channel").asString())
                .containsExactly("it-routed", "it-fallback-hooks");
        assertThat(attempts.getFirst().path("providerCode").asString()).isEqualTo("310000");
        JsonNode hop = entries(delivered, "REROUTED").getFirst();
        assertThat(hop.path("fromChannel").asString()).isEqualTo("it-routed");
        assertThat(hop.path("toChannel").asString()).isEqualTo("it-fallback-hooks");
        assertThat(delivered.path("route").path("summary").asString())
                .startsWith("delivered via fallback it-fallback-hooks after it-routed: PERMANENT 310000");
        assertThat(delivered.path("channel").asString()).isEqualTo("it-routed"); // still found under its channel
        assertThat(stack.sandbox().received())
                .filteredOn(
                        r -> r.path().equals("/webhook/fallback") && r.body().contains("disk full on db-7, routed"))
                .singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo("ok"));
    }

    @Test
    void aRouteWhoseEveryChannelRefusesIsDeadLetteredAndItsReplayStartsTheRouteAgain() throws Exception {
        String id = client.post("""
                {"channel":"it-routed-nowhere","message":{"text":"nobody takes this one"}}""");

        JsonNode dead = client.awaitDeadLettered(id);

        assertThat(entries(dead, "ATTEMPT"))
                .extracting(a -> a.path("channel").asString())
                .containsExactly("it-routed-nowhere", "it-refused");
        assertThat(dead.path("route").path("path").toString()).isEqualTo("[\"it-routed-nowhere\",\"it-refused\"]");
        assertThat(entries(dead, "DEAD_LETTER").getFirst().path("reason").asString())
                .contains("310000");

        JsonNode replayed = replay(stack.operatorToken(), "{\"ids\":[\"" + id + "\"]}", 200);
        String replayId = items(replayed).getFirst().path("replayId").asString();
        JsonNode replay = client.awaitDeadLettered(replayId);
        assertThat(replay.path("channel").asString()).isEqualTo("it-routed-nowhere");
        assertThat(entries(replay, "ATTEMPT"))
                .extracting(a -> a.path("channel").asString())
                .containsExactly("it-routed-nowhere", "it-refused");
    }

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
}
