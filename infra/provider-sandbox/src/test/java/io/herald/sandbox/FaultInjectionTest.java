package io.herald.sandbox;

import static io.herald.sandbox.SandboxClient.TEXT_MESSAGE;
import static io.herald.sandbox.SandboxClient.signedUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import io.herald.provider.feishu.sandbox.FeishuBotVerifier;
import io.herald.provider.slack.sandbox.SlackWebhookVerifier;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fault-injection API, driven over real HTTP as a chaos command would: {@code /_sandbox/faults}. */
class FaultInjectionTest {

    static final String TOKEN = "fault-test-robot-token";
    static final String SECRET = "SECfault-test-secret";
    static final String FEISHU_TOKEN = "feishu-hook-token-0123456789";

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    final SandboxClient client = new SandboxClient();
    final JsonMapper json = JsonMapper.builder().build();
    ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, clock);
        sandbox.verifier(DingTalkRobotVerifier.class).addRobot(TOKEN, SECRET);
        sandbox.verifier(SlackWebhookVerifier.class).addWebhook("T0001/B0001/slacksecret0001");
        sandbox.verifier(FeishuBotVerifier.class).addBot(FEISHU_TOKEN, null);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    HttpResponse<String> inject(String faultJson) {
        return client.send(HttpRequest.newBuilder(sandbox.baseUri().resolve("/_sandbox/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(faultJson))
                .build());
    }

    String injected(String faultJson) {
        HttpResponse<String> response = inject(faultJson);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("id").asString();
    }

    JsonNode listed() {
        HttpResponse<String> response = client.get(sandbox.baseUri().resolve("/_sandbox/faults"));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    HttpResponse<String> dingTalk() {
        return client.post(signedUri(sandbox.endpoint("dingtalk"), TOKEN, clock.millis(), SECRET), TEXT_MESSAGE);
    }

    HttpResponse<String> dingTalkWrongSecret() {
        return client.post(signedUri(sandbox.endpoint("dingtalk"), TOKEN, clock.millis(), "SECwrong"), TEXT_MESSAGE);
    }

    HttpResponse<String> webhook(String path) {
        return client.post(sandbox.endpoint("webhook", path), "{}");
    }

    @Test
    void statusFaultAnswersWithTheProvidersOwnErrorShapeAndIsRecordedAsInjected() {
        String id = injected("{\"provider\":\"dingtalk\",\"status\":503}");

        HttpResponse<String> faulted = dingTalk();

        assertThat(id).isEqualTo("f1");
        assertThat(faulted.statusCode()).isEqualTo(503);
        assertThat(faulted.body()).isEqualTo("{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}");
        assertThat(faulted.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(sandbox.received()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.verdict()).isEqualTo("fault injected");
            assertThat(r.fault()).isEqualTo("f1");
        });
        JsonNode record = json.readTree(client.get(sandbox.baseUri().resolve("/_sandbox/requests"))
                        .body())
                .get(0);
        assertThat(record.get("verdict").asString()).isEqualTo("fault injected");
        assertThat(record.get("fault").asString()).isEqualTo("f1");
    }

    @Test
    void rateLimitFaultAnswersLikeTheProviderThrottles() {
        injected("{\"provider\":\"slack\",\"status\":429}");
        injected("{\"provider\":\"feishu\",\"status\":429}");

        HttpResponse<String> slack =
                client.post(sandbox.endpoint("slack", "T0001/B0001/slacksecret0001"), "{\"text\":\"hi\"}");
        HttpResponse<String> feishu = client.post(sandbox.endpoint("feishu", FEISHU_TOKEN), "{\"msg_type\":\"text\"}");

        assertThat(slack.statusCode()).isEqualTo(429);
        assertThat(slack.body()).isEqualTo("rate_limited");
        assertThat(slack.headers().firstValue("Retry-After")).contains("1");
        assertThat(feishu.statusCode()).isEqualTo(429);
        assertThat(json.readTree(feishu.body()).get("code").asInt()).isEqualTo(11232);
    }

    @Test
    void statusFaultWithBodyAndHeadersAnswersExactlyThose() {
        injected("{\"pathPrefix\":\"/webhook/\",\"status\":503,\"body\":\"down for maintenance\","
                + "\"headers\":{\"Retry-After\":\"7\"}}");

        HttpResponse<String> response = webhook("orders");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("down for maintenance");
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
    }

    @Test
    void providerWithoutAnErrorShapeGetsTheReasonPhrase() {
        injected("{\"provider\":\"webhook\",\"status\":502}");

        HttpResponse<String> response = webhook("orders");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("Bad Gateway");
    }

    @Test
    void delayStillVerifiesAndAnswersTheRealVerdictLate() {
        injected("{\"provider\":\"dingtalk\",\"delayMs\":400}");

        long start = System.nanoTime();
        HttpResponse<String> accepted = dingTalk();
        HttpResponse<String> refused = dingTalkWrongSecret();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(json.readTree(refused.body()).get("errcode").asInt()).isEqualTo(310000);
        assertThat(sandbox.received())
                .extracting(ReceivedRequest::verdict)
                .containsExactly(
                        "ok, fault injected: delayed 400 ms", "sign not match, fault injected: delayed 400 ms");
    }

    @Test
    void delayWithStatusAnswersTheStatusLateWithoutTheProvider() {
        injected("{\"provider\":\"dingtalk\",\"delayMs\":300,\"status\":504,\"body\":\"upstream timed out\"}");

        long start = System.nanoTime();
        HttpResponse<String> response = dingTalk();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("upstream timed out");
        assertThat(sandbox.received().getFirst().verdict()).isEqualTo("fault injected: 504 after 300 ms");
    }

    @Test
    void resetClosesTheConnectionWithoutAnAnswer() {
        injected("{\"pathPrefix\":\"/dingtalk/\",\"reset\":true,\"count\":1}");

        assertThatThrownBy(this::dingTalk).isInstanceOf(UncheckedIOException.class);
        HttpResponse<String> next = dingTalk();

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(sandbox.received())
                .extracting(ReceivedRequest::status, ReceivedRequest::verdict, ReceivedRequest::fault)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "fault injected: connection reset", "f1"),
                        org.assertj.core.groups.Tuple.tuple(200, "ok", null));
    }

    @Test
    void delayThenResetCutsTheConnectionLate() {
        injected("{\"provider\":\"dingtalk\",\"delayMs\":300,\"reset\":true}");

        long start = System.nanoTime();
        assertThatThrownBy(this::dingTalk).isInstanceOf(UncheckedIOException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(sandbox.received().getFirst().verdict()).isEqualTo("fault injected: connection reset after 300 ms");
    }

    @Test
    void countEndsTheFaultAfterThatManyRequests() {
        String id = injected("{\"provider\":\"dingtalk\",\"status\":503,\"count\":2}");

        assertThat(dingTalk().statusCode()).isEqualTo(503);
        JsonNode afterOne = listed();
        assertThat(dingTalk().statusCode()).isEqualTo(503);

        assertThat(afterOne.get(0).get("id").asString()).isEqualTo(id);
        assertThat(afterOne.get(0).get("hits").asInt()).isEqualTo(1);
        assertThat(afterOne.get(0).get("remaining").asInt()).isEqualTo(1);
        assertThat(dingTalk().statusCode()).isEqualTo(200);
        assertThat(listed()).isEmpty();
    }

    @Test
    void durationEndsTheFaultOnTime() {
        injected("{\"provider\":\"dingtalk\",\"status\":503,\"durationMs\":500}");

        assertThat(dingTalk().statusCode()).isEqualTo(503);
        assertThat(listed().get(0).get("expiresInMs").asLong()).isBetween(1L, 500L);

        await().atMost(Duration.ofSeconds(5)).until(() -> dingTalk().statusCode() == 200);
        assertThat(listed()).isEmpty();
    }

    @Test
    void faultsMatchByProviderByPathPrefixOrBoth() {
        injected("{\"provider\":\"webhook\",\"pathPrefix\":\"/webhook/orders\",\"status\":500}");
        injected("{\"pathPrefix\":\"/webhook/billing\",\"status\":502}");
        injected("{\"provider\":\"dingtalk\",\"status\":503}");

        assertThat(webhook("orders/eu").statusCode()).isEqualTo(500);
        assertThat(webhook("billing").statusCode()).isEqualTo(502);
        assertThat(webhook("shipping").statusCode()).isEqualTo(404); // the receiver's own "no such endpoint"
        assertThat(dingTalk().statusCode()).isEqualTo(503);
        assertThat(client.post(sandbox.endpoint("slack", "T0001/B0001/slacksecret0001"), "{\"text\":\"hi\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aFaultWithoutMatchersHitsEveryProviderButNeverTheSandboxsOwnEndpoints() {
        injected("{\"status\":503}");

        assertThat(dingTalk().statusCode()).isEqualTo(503);
        assertThat(webhook("orders").statusCode()).isEqualTo(503);
        assertThat(client.get(sandbox.baseUri().resolve("/_sandbox/health")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theOldestMatchingFaultWinsAndListingShowsEachOnesHits() {
        injected("{\"provider\":\"dingtalk\",\"status\":500,\"count\":1}");
        injected("{\"provider\":\"dingtalk\",\"status\":503}");

        List<Integer> statuses = List.of(
                dingTalk().statusCode(), dingTalk().statusCode(), dingTalk().statusCode());

        assertThat(statuses).containsExactly(500, 503, 503);
        JsonNode faults = listed();
        assertThat(faults).hasSize(1);
        JsonNode second = faults.get(0);
        assertThat(second.get("id").asString()).isEqualTo("f2");
        assertThat(second.get("provider").asString()).isEqualTo("dingtalk");
        assertThat(second.get("status").asInt()).isEqualTo(503);
        assertThat(second.get("hits").asInt()).isEqualTo(2);
        assertThat(second.get("remaining").isNull()).isTrue();
        assertThat(second.get("expiresInMs").isNull()).isTrue();
        assertThat(second.get("injectedAt").asString()).isEqualTo("2026-03-01T08:00:00Z");
    }

    @Test
    void listingAndAnswersMaskACredentialInThePathPrefix() {
        HttpResponse<String> created =
                inject("{\"pathPrefix\":\"/feishu/open-apis/bot/v2/hook/" + FEISHU_TOKEN + "\",\"status\":503}");

        String listing =
                client.get(sandbox.baseUri().resolve("/_sandbox/faults")).body();

        assertThat(created.body()).doesNotContain(FEISHU_TOKEN).contains("/feishu/open-apis/bot/v2/hook/fe…89");
        assertThat(listing).doesNotContain(FEISHU_TOKEN).contains("/feishu/open-apis/bot/v2/hook/fe…89");
        assertThat(client.post(sandbox.endpoint("feishu", FEISHU_TOKEN), "{}").statusCode())
                .isEqualTo(503);
    }

    @Test
    void oneFaultIsReadAndClearedByIdAndAllAtOnce() {
        String first = injected("{\"provider\":\"dingtalk\",\"status\":503}");
        String second = injected("{\"provider\":\"webhook\",\"status\":503}");
        dingTalk();

        HttpResponse<String> one = client.get(sandbox.baseUri().resolve("/_sandbox/faults/" + first));
        HttpResponse<String> deleted = client.delete(sandbox.baseUri().resolve("/_sandbox/faults/" + first));
        HttpResponse<String> again = client.delete(sandbox.baseUri().resolve("/_sandbox/faults/" + first));

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json.readTree(one.body()).get("hits").asInt()).isEqualTo(1);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json.readTree(deleted.body()).get("id").asString()).isEqualTo(first);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(json.readTree(again.body()).get("error").asString()).contains("no fault with this id");
        assertThat(dingTalk().statusCode()).isEqualTo(200);
        assertThat(webhook("orders").statusCode()).isEqualTo(503);

        HttpResponse<String> all = client.delete(sandbox.baseUri().resolve("/_sandbox/faults"));

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json.readTree(all.body()))
                .singleElement()
                .satisfies(f -> assertThat(f.get("id").asString()).isEqualTo(second));
        assertThat(webhook("orders").statusCode()).isEqualTo(404);
        assertThat(listed()).isEmpty();
    }

    @Test
    void badInputIsA400NamingTheField() {
        assertBadRequest("not json", "not valid JSON (line 1, column");
        assertBadRequest("[503]", "must be a JSON object with the fields provider, pathPrefix, status");
        assertBadRequest("{\"statuss\":503}", "unknown field 'statuss'");
        assertBadRequest("{\"status\":\"503\"}", "status must be a whole number or null");
        assertBadRequest("{\"status\":503.5}", "status must be a whole number or null");
        assertBadRequest("{\"status\":99}", "status must be 200..599, was 99");
        assertBadRequest("{\"status\":503,\"reset\":true}", "status and reset exclude each other");
        assertBadRequest("{\"reset\":\"yes\"}", "reset must be true or false");
        assertBadRequest("{\"provider\":\"dingtalk\"}", "a fault needs status, delayMs or reset");
        assertBadRequest(
                "{\"provider\":\"pagerduty\",\"status\":503}",
                "provider must be one of " + io.herald.contract.provider.Provider.knownIds() + ", was 'pagerduty'");
        assertBadRequest("{\"provider\":7,\"status\":503}", "provider must be a string or null");
        assertBadRequest("{\"delayMs\":0}", "delayMs must be 1..3600000, was 0");
        assertBadRequest("{\"delayMs\":3600001}", "delayMs must be 1..3600000");
        assertBadRequest("{\"status\":503,\"count\":0}", "count must be at least 1, was 0");
        assertBadRequest("{\"status\":503,\"durationMs\":-5}", "durationMs must be at least 1, was -5");
        assertBadRequest("{\"delayMs\":100,\"body\":\"x\"}", "body needs a status");
        assertBadRequest("{\"status\":503,\"headers\":[]}", "headers must be an object");
        assertBadRequest(
                "{\"status\":503,\"headers\":{\"Content-Length\":\"3\"}}",
                "headers.Content-Length: is set by the server");
        assertBadRequest(
                "{\"status\":503,\"headers\":{\"X\":\"a\\r\\nInjected: 1\"}}",
                "headers.X: must be text without control characters");
        assertBadRequest(
                "{\"status\":503,\"pathPrefix\":\"/_sandbox/faults\"}", "pathPrefix must not be under /_sandbox/");
        assertThat(listed()).isEmpty();
    }

    @Test
    void aPathPrefixWithoutSlashIsRefusedWithoutEchoingIt() {
        HttpResponse<String> response = inject("{\"status\":503,\"pathPrefix\":\"slack-secret-hook\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("pathPrefix must start with '/'").doesNotContain("slack-secret-hook");
    }

    @Test
    void oversizedOrWrongMethodRequestsAreRefused() {
        HttpResponse<String> huge = inject("{\"status\":503,\"body\":\"" + "x".repeat(70_000) + "\"}");
        HttpResponse<String> put =
                client.send(HttpRequest.newBuilder(sandbox.baseUri().resolve("/_sandbox/faults"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());

        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("GET, POST, DELETE");
    }

    @Test
    void theJavaApiInjectsListsAndClearsTheSameFaults() {
        String id = sandbox.injectFault(
                Fault.builder().provider("dingtalk").status(429).count(5).build());

        dingTalk();

        assertThat(sandbox.faults()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(id);
            assertThat(f.hits()).isEqualTo(1);
            assertThat(f.remaining()).isEqualTo(4);
        });
        assertThat(json.readTree(listed().get(0).toString()).get("status").asInt())
                .isEqualTo(429);
        assertThat(sandbox.clearFault(id))
                .hasValueSatisfying(f -> assertThat(f.hits()).isEqualTo(1));
        assertThat(sandbox.clearFault(id)).isEmpty();
        assertThatThrownBy(() -> Fault.builder().status(503).reset().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status and reset exclude each other");
        assertThatThrownBy(() -> sandbox.injectFault(
                        Fault.builder().provider("smtp").status(503).build()))
                .hasMessageContaining("provider must be one of");
    }

    void assertBadRequest(String body, String message) {
        HttpResponse<String> response = inject(body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json.readTree(response.body()).get("error").asString())
                .as(body)
                .contains(message);
        assertThat(response.body()).doesNotContain("java.", "Exception", "tools.jackson");
    }
}
