package io.herald.sandbox;

import static io.herald.sandbox.SandboxClient.TEXT_MESSAGE;
import static io.herald.sandbox.SandboxClient.signedUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox around the providers: recording, masking, fault injection and the endpoints for people. */
class ProviderSandboxTest {

    static final String TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String SECRET = "SECsandbox-test-secret";
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final SandboxClient client = new SandboxClient();
    final JsonMapper json = JsonMapper.builder().build();
    ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, clock);
        sandbox.verifier(DingTalkRobotVerifier.class).addRobot(TOKEN, SECRET);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    URI signed() {
        return signedUri(sandbox.endpoint("dingtalk"), TOKEN, clock.millis(), SECRET);
    }

    @Test
    void listensOnLoopbackAtTheAdvertisedUris() {
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.baseUri()).hasToString("http://127.0.0.1:" + sandbox.port());
        assertThat(sandbox.endpoint("dingtalk"))
                .hasToString("http://127.0.0.1:" + sandbox.port() + "/dingtalk/robot/send");
    }

    @Test
    void injectedFaultsAnswerTheNextRequestsBeforeAnyVerification() {
        sandbox.injectFaults("/dingtalk/", 2, 503, "{\"message\":\"upstream unavailable\"}");

        // even an unknown token gets the fault: it comes before verification
        URI unknownToken = signedUri(sandbox.endpoint("dingtalk"), "unknowntoken01", clock.millis(), SECRET);
        HttpResponse<String> first = client.post(unknownToken, TEXT_MESSAGE);
        HttpResponse<String> second = client.post(signed(), TEXT_MESSAGE);
        HttpResponse<String> third = client.post(signed(), TEXT_MESSAGE);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).isEqualTo("{\"message\":\"upstream unavailable\"}");
        assertThat(first.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(sandbox.received())
                .extracting(ReceivedRequest::status, ReceivedRequest::verdict)
                .containsExactly(tuple(503, "fault injected"), tuple(503, "fault injected"), tuple(200, "ok"));
    }

    @Test
    void faultsOnlyHitRequestsUnderTheirPathPrefixAndRunInOrder() {
        sandbox.injectFaults("/feishu/", 1, 500, "boom");
        sandbox.injectFaults("/dingtalk/robot/send", 1, 429, "Too Many Requests");
        sandbox.injectFaults("/dingtalk/robot/send", 1, 502, "Bad Gateway");

        HttpResponse<String> first = client.post(signed(), TEXT_MESSAGE);
        HttpResponse<String> second = client.post(signed(), TEXT_MESSAGE);
        HttpResponse<String> third = client.post(signed(), TEXT_MESSAGE);

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.body()).isEqualTo("Too Many Requests");
        assertThat(first.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(second.statusCode()).isEqualTo(502);
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void invalidFaultInjectionIsRefused() {
        assertThatThrownBy(() -> sandbox.injectFaults("dingtalk", 1, 503, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.injectFaults("/dingtalk", 0, 503, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.injectFaults("/dingtalk", 1, 99, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsEachRequestWithVerdictAndMaskedToken() {
        URI uri = signed();
        client.post(uri, TEXT_MESSAGE);
        clock.advance(Duration.ofSeconds(1));
        client.post(signedUri(sandbox.endpoint("dingtalk"), TOKEN, clock.millis(), "SECwrong"), TEXT_MESSAGE);

        List<ReceivedRequest> received = sandbox.received();

        assertThat(received).hasSize(2);
        ReceivedRequest ok = received.get(0);
        assertThat(ok.provider()).isEqualTo("dingtalk");
        assertThat(ok.receivedAt()).isEqualTo(NOW);
        assertThat(ok.method()).isEqualTo("POST");
        assertThat(ok.path()).isEqualTo("/dingtalk/robot/send");
        String sign = uri.getRawQuery().substring(uri.getRawQuery().indexOf("&sign=") + "&sign=".length());
        assertThat(ok.maskedQuery())
                .isEqualTo("access_token=a1…f9&timestamp=" + NOW.toEpochMilli() + "&sign=" + sign)
                .doesNotContain(TOKEN);
        assertThat(ok.headers()).containsEntry("Content-type", "application/json;charset=utf-8");
        assertThat(ok.body()).isEqualTo(TEXT_MESSAGE);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.responseBody()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(ok.verdict()).isEqualTo("ok");

        assertThat(received.get(1).verdict()).isEqualTo("sign not match");
        assertThat(received.get(1).receivedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(received.get(1).responseBody()).contains("\"errcode\":310000");
    }

    @Test
    void credentialHeadersAreMaskedInRecords() {
        client.send(HttpRequest.newBuilder(signed())
                .header("Authorization", "Bearer super-secret-value")
                .POST(HttpRequest.BodyPublishers.ofString(TEXT_MESSAGE))
                .build());

        assertThat(sandbox.received().getFirst().headers()).containsEntry("Authorization", "Be…ue");
    }

    @Test
    void requestsToPathsNoProviderServesAreAnswered404AndRecorded() {
        URI wrongPath = sandbox.baseUri().resolve("/robot/send?access_token=" + TOKEN);

        HttpResponse<String> response = client.post(wrongPath, TEXT_MESSAGE);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(sandbox.received()).singleElement().satisfies(r -> {
            assertThat(r.provider()).isEqualTo("unknown");
            assertThat(r.verdict()).isEqualTo("no such endpoint");
            assertThat(r.maskedQuery()).isEqualTo("access_token=a1…f9");
        });
    }

    @Test
    void requestsEndpointListsRecordsAsJsonAndFiltersByProvider() {
        client.post(signed(), TEXT_MESSAGE);
        client.post(sandbox.baseUri().resolve("/nowhere"), "{}");

        HttpResponse<String> all = client.get(sandbox.baseUri().resolve("/_sandbox/requests"));
        HttpResponse<String> dingtalk = client.get(sandbox.baseUri().resolve("/_sandbox/requests?provider=dingtalk"));

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode records = json.readTree(all.body());
        assertThat(records.isArray()).isTrue();
        assertThat(records.size()).isEqualTo(2);
        JsonNode first = records.get(0);
        assertThat(first.get("provider").asString()).isEqualTo("dingtalk");
        assertThat(first.get("receivedAt").asString()).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(first.get("method").asString()).isEqualTo("POST");
        assertThat(first.get("path").asString()).isEqualTo("/dingtalk/robot/send");
        assertThat(first.get("maskedQuery").asString()).startsWith("access_token=a1…f9&timestamp=");
        assertThat(first.get("body").asString()).isEqualTo(TEXT_MESSAGE);
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("responseBody").asString()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(first.get("verdict").asString()).isEqualTo("ok");
        assertThat(all.body()).doesNotContain(TOKEN).doesNotContain(SECRET);

        JsonNode onlyDingTalk = json.readTree(dingtalk.body());
        assertThat(onlyDingTalk.size()).isEqualTo(1);
        assertThat(onlyDingTalk.get(0).get("provider").asString()).isEqualTo("dingtalk");
    }

    @Test
    void deleteRequestsClearsTheRecords() {
        client.post(signed(), TEXT_MESSAGE);

        HttpResponse<String> response = client.delete(sandbox.baseUri().resolve("/_sandbox/requests"));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(sandbox.received()).isEmpty();
        assertThat(client.get(sandbox.baseUri().resolve("/_sandbox/requests")).body())
                .isEqualTo("[ ]");
    }

    @Test
    void clearReceivedEmptiesTheRecords() {
        client.post(signed(), TEXT_MESSAGE);

        sandbox.clearReceived();

        assertThat(sandbox.received()).isEmpty();
    }

    @Test
    void healthIsUpAndSandboxEndpointsAreNotRecorded() {
        HttpResponse<String> health = client.get(sandbox.baseUri().resolve("/_sandbox/health"));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(sandbox.received()).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestRecordsWhenFull() {
        try (ProviderSandbox small = ProviderSandbox.start(0, clock, 3)) {
            small.verifier(DingTalkRobotVerifier.class).addRobot("robot-without-secret", null);
            IntStream.range(0, 5)
                    .forEach(i -> client.post(
                            SandboxClient.unsignedUri(small.endpoint("dingtalk"), "robot-without-secret"),
                            "{\"msgtype\":\"text\",\"text\":{\"content\":\"m" + i + "\"}}"));

            assertThat(small.received())
                    .extracting(ReceivedRequest::body)
                    .containsExactly(
                            "{\"msgtype\":\"text\",\"text\":{\"content\":\"m2\"}}",
                            "{\"msgtype\":\"text\",\"text\":{\"content\":\"m3\"}}",
                            "{\"msgtype\":\"text\",\"text\":{\"content\":\"m4\"}}");
        }
    }

    @Test
    void receiptListenerSeesEveryRequestBeyondTheRecordCapacityBeforeTheAnswer() {
        try (ProviderSandbox small = ProviderSandbox.start(0, clock, 2)) {
            small.verifier(DingTalkRobotVerifier.class).addRobot("robot-without-secret", null);
            List<ReceivedRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            small.onReceipt(seen::add);
            small.onReceipt(r -> {
                throw new IllegalStateException("a broken listener");
            });

            List<Integer> statuses = IntStream.range(0, 5)
                    .mapToObj(i -> client.post(
                            SandboxClient.unsignedUri(small.endpoint("dingtalk"), "robot-without-secret"),
                            "{\"msgtype\":\"text\",\"text\":{\"content\":\"m" + i + "\"}}"))
                    .map(HttpResponse::statusCode)
                    .toList();

            // the listener ran before each answer went out, so it holds all five once the last answer is in
            assertThat(seen)
                    .extracting(ReceivedRequest::body, ReceivedRequest::verdict)
                    .containsExactly(IntStream.range(0, 5)
                            .mapToObj(i -> tuple("{\"msgtype\":\"text\",\"text\":{\"content\":\"m" + i + "\"}}", "ok"))
                            .toArray(org.assertj.core.groups.Tuple[]::new));
            assertThat(statuses).containsOnly(200);
            assertThat(small.received()).hasSize(2);
        }
    }

    @Test
    void servesConcurrentRequestsAndRecordsEveryOne() throws Exception {
        List<String> tokens =
                IntStream.range(0, 8).mapToObj(i -> "concurrent-robot-" + i).toList();
        tokens.forEach(token -> sandbox.verifier(DingTalkRobotVerifier.class).addRobot(token, SECRET));

        List<Future<HttpResponse<String>>> responses;
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            responses = IntStream.range(0, 80)
                    .mapToObj(i -> pool.submit(() -> client.post(
                            signedUri(sandbox.endpoint("dingtalk"), tokens.get(i % 8), clock.millis(), SECRET),
                            TEXT_MESSAGE)))
                    .toList();
        }

        for (Future<HttpResponse<String>> response : responses) {
            assertThat(response.get().body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        }
        assertThat(sandbox.received())
                .hasSize(80)
                .allSatisfy(r -> assertThat(r.verdict()).isEqualTo("ok"));
    }

    @Test
    void closeStopsListeningAndCanBeRepeated() {
        URI health = sandbox.baseUri().resolve("/_sandbox/health");

        sandbox.close();
        sandbox.close();

        assertThatThrownBy(() -> client.get(health)).isInstanceOf(UncheckedIOException.class);
    }
}
