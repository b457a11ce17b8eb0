package io.herald.provider.feishu.sandbox;

import static io.herald.sandbox.FuzzedRequests.CLOCK;
import static io.herald.sandbox.FuzzedRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.sandbox.FuzzedRequests;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any request to a Feishu bot hook gets one of Feishu's documented answers (HTTP 200 with {@code code} 0 or a known
 * error code and text, or 405 for another method); a signed bot refuses a timestamp more than an hour off. How to run
 * it coverage-guided: {@link FuzzedRequests}.
 */
class FeishuFuzzTest {

    static final String SIGNED = "fuzz-signed-bot";
    static final String UNSIGNED = "fuzz-unsigned-bot";
    static final String KEYWORDS = "fuzz-keyword-bot";
    static final String SECRET = "fuzz-feishu-secret";

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "10m")
    void verifier(FuzzedDataProvider data) {
        FeishuBotVerifier handler = new FeishuBotVerifier(CLOCK, JSON);
        handler.addBot(SIGNED, SECRET);
        handler.addBot(UNSIGNED, null);
        handler.addBot(KEYWORDS, null, List.of("alert"));
        String method = FuzzedRequests.method(data);
        String token = data.pickValue(new String[] {SIGNED, UNSIGNED, KEYWORDS, data.consumeString(40)});
        String timestamp = null;
        String body;
        if (data.consumeBoolean()) {
            ObjectNode message = JSON.createObjectNode();
            timestamp = FuzzedRequests.timestamp(
                    data, CLOCK.instant().getEpochSecond(), FeishuBotVerifier.TIMESTAMP_TOLERANCE.toSeconds());
            if (data.consumeBoolean()) {
                message.put("timestamp", timestamp);
            } else {
                try {
                    message.put("timestamp", Long.parseLong(timestamp));
                } catch (NumberFormatException e) {
                    message.put("timestamp", data.consumeDouble());
                    timestamp = null;
                }
            }
            message.put(
                    "sign",
                    data.consumeBoolean() && timestamp != null
                            ? FeishuSignature.sign(SECRET, timestamp)
                            : data.consumeString(50));
            message.put(
                    "msg_type",
                    data.pickValue(new String[] {"text", "post", "interactive", "image", "", data.consumeString(10)}));
            ObjectNode content = message.putObject("content");
            if (data.consumeBoolean()) {
                content.put("text", data.consumeString(100));
            }
            if (data.consumeBoolean()) {
                content.putObject("post").put("zh_cn", data.consumeString(20));
            }
            if (data.consumeBoolean()) {
                message.putObject("card").put("elements", data.consumeString(20));
            }
            body = JSON.writeValueAsString(message);
        } else {
            body = data.consumeRemainingAsString();
        }
        SandboxResponse response = FuzzedRequests.answer(
                handler,
                FuzzedRequests.request(
                        method,
                        FeishuBotVerifier.PATH_PREFIX + token,
                        data.consumeBoolean() ? null : data.consumeString(40),
                        FuzzedRequests.headers(data, Map.of("Content-Type", "application/json")),
                        FuzzedRequests.utf8(body)));

        if (!"POST".equals(method)) {
            assertThat(response.status()).isEqualTo(405);
            return;
        }
        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = FuzzedRequests.jsonBody(response);
        int code = answer.get("code").asInt();
        if (code == 0) {
            assertThat(response.body()).isEqualTo(FeishuBotVerifier.SUCCESS);
        } else {
            assertThat(Arrays.stream(FeishuError.values()))
                    .as("a documented Feishu answer: %s", response.body())
                    .anyMatch(e ->
                            e.code == code && e.msg.equals(answer.get("msg").asString()));
        }
        if (SIGNED.equals(token) && outsideTheHour(timestamp)) {
            assertThat(code).as("a timestamp more than an hour off").isEqualTo(FeishuError.SIGN_MATCH_FAIL.code);
        }
    }

    static boolean outsideTheHour(String timestamp) {
        try {
            long seconds = Long.parseLong(timestamp);
            long now = CLOCK.instant().getEpochSecond();
            long hour = FeishuBotVerifier.TIMESTAMP_TOLERANCE.toSeconds();
            return seconds < now - hour || seconds > now + hour;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
