package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.contract.security.Role;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import io.herald.stack.sweep.TokenSweep;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenants isolated end to end, on the same real stack as {@link PipelineIT}, with tokens bound to one tenant each
 * ({@link StackBuilder#token}): publishers of tenants acme and beta (acme's only to one channel), readers of
 * each, and an operator of acme. A notification's tenant is its publisher's; a reader sees its tenant's notifications
 * only (search, timeline, counts, dead letters); a publisher cannot write for another tenant or outside its channels,
 * nor under a notification id another tenant used (only a credential of every tenant chooses ids, which all tenants
 * share); an operator of one tenant cannot replay another's dead letter; a call without a credential, or with an
 * unknown one, is refused. Last, with the stack stopped, the chaos suite's secrets sweep finds no token in the broker's segments, the
 * logs or the database files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationIT {

    private static final String ROBOT_TOKEN = "tenant-it-robot";
    private static final String ROBOT_SECRET = "SECtenant-it-robot-secret-0123456789";
    private static final String BROKEN_ROBOT_TOKEN = "tenant-it-broken-robot";
    private static final String CATALOG = """
            herald:
              channels:
                tenant-robot:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:TENANT_IT_TOKEN
                    secret: env:TENANT_IT_SECRET
                  rate-per-minute: 120
                tenant-broken:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:TENANT_IT_BROKEN_TOKEN
                    secret: env:TENANT_IT_SECRET
            """;
    private static final String RETRY_TIERS = "--herald.kafka.retry-tiers=1s,2s";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LocalStack stack;
    private PipelineClient client;
    private String acmeId;
    private String betaId;
    private String betaDeadLetterId;
    private String acmeReader;
    private String betaReader;

    @BeforeAll
    void startThePipelineAndPublishForEachTenant() throws Exception {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/tenant-isolation-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class).addRobot(ROBOT_TOKEN, ROBOT_SECRET))
                // this robot has another secret than the channel signs with: its notifications are dead-lettered
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class)
                        .addRobot(BROKEN_ROBOT_TOKEN, "SECthe-broken-robots-own-secret"))
                .env("TENANT_IT_TOKEN", ROBOT_TOKEN)
                .env("TENANT_IT_BROKEN_TOKEN", BROKEN_ROBOT_TOKEN)
                .env("TENANT_IT_SECRET", ROBOT_SECRET)
                .token("acme-publisher", Set.of(Role.PUBLISH), List.of("acme"), List.of("tenant-robot"))
                .token("beta-publisher", Set.of(Role.PUBLISH), List.of("beta"), List.of())
                .token("acme-reader", Set.of(Role.READ), List.of("acme"), List.of())
                .token("beta-reader", Set.of(Role.READ), List.of("beta"), List.of())
                .token("acme-operator", Set.of(Role.OPERATOR), List.of("acme"), List.of())
                .everyServiceArgs(RETRY_TIERS)
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.max-attempts=3")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
        acmeReader = stack.token("acme-reader");
        betaReader = stack.token("beta-reader");

        // no tenant in the body: the credential says whose it is
        acmeId = accepted(publish("acme-publisher", """
                {"channel":"tenant-robot","message":{"text":"for acme only"}}"""));
        betaId = accepted(publish("beta-publisher", """
                {"channel":"tenant-robot","message":{"text":"for beta only"}}"""));
        betaDeadLetterId = accepted(publish("beta-publisher", """
                {"channel":"tenant-broken","message":{"text":"beta's dead letter"}}"""));
        client.awaitStatus(acmeId, "DELIVERED");
        client.awaitStatus(betaId, "DELIVERED");
        client.awaitStatus(betaDeadLetterId, "DEAD_LETTERED");
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aNotificationBelongsToItsPublishersTenant() throws Exception {
        assertThat(json(get(auditUrl("/v1/notifications/" + acmeId), acmeReader))
                        .path("tenant")
                        .asString())
                .isEqualTo("acme");
        assertThat(json(get(auditUrl("/v1/notifications/" + betaId), betaReader))
                        .path("tenant")
                        .asString())
                .isEqualTo("beta");
    }

    @Test
    @Order(2)
    void aReaderSeesOnlyItsTenantsNotificationsInSearchTimelineCountsAndDeadLetters() throws Exception {
        // search: everything the acme reader may see is acme's
        List<JsonNode> acmeSees = items(get(auditUrl("/v1/notifications?limit=500"), acmeReader));
        assertThat(acmeSees)
                .extracting(item -> item.path("id").asString())
                .contains(acmeId)
                .doesNotContain(betaId, betaDeadLetterId);
        assertThat(acmeSees)
                .allSatisfy(item -> assertThat(item.path("tenant").asString()).isEqualTo("acme"));
        // asking for beta's by filter shows none of them (refused, or an empty page)
        HttpResponse<String> filtered = get(auditUrl("/v1/notifications?tenant=beta"), acmeReader);
        if (filtered.statusCode() == 200) {
            assertThat(items(filtered)).isEmpty();
        } else {
            assertProblem(filtered, 403);
        }

        // timeline: another tenant's notification does not exist for this reader
        assertThat(get(auditUrl("/v1/notifications/" + betaId), acmeReader).statusCode())
                .isEqualTo(404);
        assertThat(get(auditUrl("/v1/notifications/" + betaDeadLetterId), acmeReader)
                        .statusCode())
                .isEqualTo(404);
        assertThat(get(auditUrl("/v1/notifications/" + acmeId), betaReader).statusCode())
                .isEqualTo(404);

        // counts: the acme reader's cover exactly what it can list; every tenant's are more
        JsonNode acmeCounts = json(get(auditUrl("/v1/counts"), acmeReader));
        JsonNode allCounts = json(get(auditUrl("/v1/counts"), stack.readToken()));
        assertThat(acmeCounts.path("total").asLong()).isEqualTo(acmeSees.size());
        assertThat(acmeCounts.path("byChannel").has("tenant-broken")).isFalse();
        assertThat(acmeCounts.path("byStatus").path("DEAD_LETTERED").asLong(0)).isZero();
        assertThat(allCounts.path("total").asLong())
                .isGreaterThanOrEqualTo(acmeCounts.path("total").asLong() + 2);

        // dead letters: beta's is beta's alone
        assertThat(items(get(auditUrl("/v1/dead-letters"), acmeReader)))
                .extracting(item -> item.path("id").asString())
                .doesNotContain(betaDeadLetterId);
        assertThat(items(get(auditUrl("/v1/dead-letters"), betaReader)))
                .extracting(item -> item.path("id").asString())
                .contains(betaDeadLetterId);
    }

    @Test
    @Order(3)
    void anOperatorOfOneTenantCannotReplayAnothersDeadLetter() throws Exception {
        HttpResponse<String> answer =
                post(auditUrl("/v1/replays"), stack.token("acme-operator"), "{\"ids\":[\"" + betaDeadLetterId + "\"]}");

        if (answer.statusCode() == 200) {
            assertThat(items(answer))
                    .noneMatch(item -> item.path("outcome").asString().equals("REPLAYED"));
        } else {
            assertThat(answer.statusCode()).isIn(403, 404);
        }
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(json(get(auditUrl("/v1/notifications/" + betaDeadLetterId), betaReader))
                            .path("replays")
                            .asInt())
                    .isZero();
            assertThat(get(auditUrl("/v1/notifications/" + betaDeadLetterId + "-replay-1"), stack.operatorToken())
                            .statusCode())
                    .isEqualTo(404);
        });
    }

    @Test
    @Order(4)
    void aPublisherCannotPublishForAnotherTenantOrOutsideItsChannels() throws Exception {
        long before = totalNotifications();
        // no notificationId: a tenant's publisher may not choose one (see the next test)
        HttpResponse<String> asBeta = publish("acme-publisher", """
                {"channel":"tenant-robot","tenant":"beta","message":{"text":"acme pretending to be beta"}}""");
        HttpResponse<String> otherChannel = publish("acme-publisher", """
                {"channel":"tenant-broken","message":{"text":"not acme's"}}""");

        assertProblem(asBeta, 403);
        assertThat(JSON.readTree(asBeta.body()).path("type").asString())
                .isEqualTo("urn:herald:problem:tenant-not-allowed");
        assertProblem(otherChannel, 403);
        assertThat(JSON.readTree(otherChannel.body()).path("type").asString())
                .isEqualTo("urn:herald:problem:channel-not-allowed");
        // nothing written: the audit (every tenant's, and rejections) counts no new notification
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(totalNotifications()).isEqualTo(before));
        assertThat(stack.sandbox().received())
                .noneMatch(request -> request.body().contains("acme pretending")
                        || request.body().contains("not acme's"));
    }

    @Test
    @Order(5)
    void aPublisherCannotPublishUnderAnIdAnotherTenantUsed() throws Exception {
        JsonNode acmeBefore = json(get(auditUrl("/v1/notifications/" + acmeId), acmeReader));
        long before = totalNotifications();

        // with an Idempotency-Key (the id was never reserved then) and without one
        HttpResponse<String> withKey = publish(
                "beta-publisher",
                "{\"channel\":\"tenant-robot\",\"notificationId\":\"" + acmeId
                        + "\",\"message\":{\"text\":\"beta under acme's id\"}}",
                "tenant-it-beta-under-acme");
        HttpResponse<String> withoutKey = publish(
                "beta-publisher",
                "{\"channel\":\"tenant-robot\"," + "\"notificationId\":\"" + acmeId
                        + "\",\"message\":{\"text\":\"beta under acme's id\"}}");

        for (HttpResponse<String> answer : List.of(withKey, withoutKey)) {
            assertProblem(answer, 403);
            assertThat(JSON.readTree(answer.body()).path("type").asString())
                    .isEqualTo("urn:herald:problem:notification-id-not-allowed");
        }
        // acme's notification is unchanged for its reader: acme's, and no event of beta's on its timeline
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode acme = json(get(auditUrl("/v1/notifications/" + acmeId), acmeReader));
            assertThat(acme.path("tenant").asString()).isEqualTo("acme");
            assertThat(acme.path("timeline")).isEqualTo(acmeBefore.path("timeline"));
            assertThat(acme.toString()).doesNotContain("tenant-it-beta-under-acme", "beta under acme's id");
            assertThat(totalNotifications()).isEqualTo(before);
        });
        assertThat(get(auditUrl("/v1/notifications/" + acmeId), betaReader).statusCode())
                .isEqualTo(404);
        assertThat(stack.sandbox().received())
                .noneMatch(request -> request.body().contains("beta under acme's id"));
    }

    @Test
    @Order(6)
    void aCallWithoutACredentialOrWithAnUnknownOneIsRefused() throws Exception {
        String notification = "{\"channel\":\"tenant-robot\",\"message\":{\"text\":\"anonymous\"}}";
        for (String token : new String[] {null, "not-a-token-of-this-stack-0123456789"}) {
            assertProblem(post(stack.httpUrl(HeraldService.INGEST) + "/v1/notifications", token, notification), 401);
            assertProblem(get(auditUrl("/v1/notifications"), token), 401);
            assertProblem(get(auditUrl("/v1/notifications/" + acmeId), token), 401);
            assertProblem(post(auditUrl("/v1/replays"), token, "{\"ids\":[\"" + betaDeadLetterId + "\"]}"), 401);
            assertProblem(
                    post(
                            stack.httpUrl(HeraldService.SIGNER) + "/v1/signatures/preview",
                            token,
                            "{\"channel\":\"tenant-robot\",\"message\":{\"text\":\"forge me\"}}"),
                    401);
            assertProblem(get(stack.httpUrl(HeraldService.DISPATCHER) + "/v1/assignments", token), 401);
        }
        // health stays open for probes
        for (HeraldService service : HeraldService.values()) {
            assertThat(get(stack.managementUrl(service) + "/actuator/health", null)
                            .statusCode())
                    .as(service.id())
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(7)
    void noTokenIsWrittenToTheBrokersSegmentsTheLogsOrTheDatabase() {
        Map<String, String> tokens = Map.copyOf(stack.tokens());
        assertThat(tokens)
                .containsKeys("publisher", "reader", "operator", "dispatcher", "acme-publisher", "beta-reader");

        stack.close(); // the files are complete once every process has stopped

        assertThat(TokenSweep.findings(stack.workDir(), tokens)).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private String auditUrl(String path) {
        return stack.httpUrl(HeraldService.AUDIT) + path;
    }

    /** Posts a notification with the named token; a 503 is retried after its Retry-After, as the API asks clients to. */
    private HttpResponse<String> publish(String tokenName, String json) throws Exception {
        return publish(tokenName, json, null);
    }

    private HttpResponse<String> publish(String tokenName, String json, String idempotencyKey) throws Exception {
        String url = stack.httpUrl(HeraldService.INGEST) + "/v1/notifications";
        HttpResponse<String> answer = post(url, stack.token(tokenName), json, idempotencyKey);
        for (int retry = 0; retry < 5 && answer.statusCode() == 503; retry++) {
            Thread.sleep(1_000L
                    * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
            answer = post(url, stack.token(tokenName), json, idempotencyKey);
        }
        return answer;
    }

    /** Every notification the audit has recorded (accepted or rejected, every tenant), as the operator counts them. */
    private long totalNotifications() throws Exception {
        return json(get(auditUrl("/v1/counts"), stack.operatorToken()))
                .path("total")
                .asLong();
    }

    private static String accepted(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).path("id").asString();
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String token, String json) throws Exception {
        return post(url, token, json, null);
    }

    private static HttpResponse<String> post(String url, String token, String json, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<JsonNode> items(HttpResponse<String> answer) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        json(answer).path("items").forEach(items::add);
        return items;
    }

    /** A refusal: the status, as problem+json, and no credential echoed. */
    private void assertProblem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).doesNotContain(stack.tokens().values());
    }
}
