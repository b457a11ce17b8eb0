package io.herald.provider.dingtalk.sandbox;

import static io.herald.sandbox.FuzzedRequests.CLOCK;
import static io.herald.sandbox.FuzzedRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.sandbox.FuzzedRequests;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Any request to the DingTalk robot endpoint gets one of DingTalk's documented answers (HTTP 200 with a known
 * errcode/errmsg pair, or 405 for another method), never an exception or a 5xx. How to run it coverage-guided:
 * {@link FuzzedRequests}.
 */
class DingTalkFuzzTest {

    static final String SIGNED = "fuzz-signed-robot";
    static final String UNSIGNED = "fuzz-unsigned-robot";
    static final String SECRET = "SECfuzz-secret";

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "10m")
    void verifier(FuzzedDataProvider data) {
        DingTalkRobotVerifier handler =
                new DingTalkRobotVerifier(CLOCK, JSON); // fresh: no rate-limit state between inputs
        handler.addRobot(SIGNED, SECRET);
        handler.addRobot(UNSIGNED, null);
        String method = FuzzedRequests.method(data);
        String query;
        if (data.consumeBoolean()) {
            query = data.consumeString(200);
        } else {
            String token = data.pickValue(new String[] {SIGNED, UNSIGNED, "", data.consumeString(40)});
            String timestamp = FuzzedRequests.timestamp(
                    data, CLOCK.millis(), DingTalkRobotVerifier.TIMESTAMP_TOLERANCE.toMillis());
            String sign = data.consumeBoolean() ? DingTalkSignature.sign(SECRET, timestamp) : data.consumeString(60);
            query = "access_token=" + token + "&timestamp=" + timestamp + "&sign="
                    + (data.consumeBoolean() ? URLEncoder.encode(sign, StandardCharsets.UTF_8) : sign);
        }
        String body = data.consumeBoolean()
                ? "{\"msgtype\":\"" + data.pickValue(new String[] {"text", "markdown", "link", ""}) + "\",\""
                        + data.pickValue(new String[] {"text", "markdown"}) + "\":{\"content\":"
                        + data.consumeString(40) + ",\"title\":\"t\",\"text\":\"" + data.consumeString(40) + "\"}}"
                : data.consumeRemainingAsString();
        SandboxRequest request = FuzzedRequests.request(
                method,
                DingTalkRobotVerifier.PATH,
                query,
                FuzzedRequests.headers(data, Map.of("Content-Type", "application/json")),
                FuzzedRequests.utf8(body));
        SandboxResponse response = FuzzedRequests.answer(handler, request);

        if (!"POST".equals(method)) {
            assertThat(response.status()).isEqualTo(405);
            return;
        }
        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = FuzzedRequests.jsonBody(response);
        int errcode = answer.get("errcode").asInt();
        String errmsg = answer.get("errmsg").asString();
        assertThat(Arrays.stream(DingTalkError.values()))
                .as("a documented DingTalk answer: %s", response.body())
                .anyMatch(e ->
                        e.errcode() == errcode && e.errmsg(ErrmsgStyle.CURRENT).equals(errmsg));
        if (SIGNED.equals(request.param("access_token")) && outsideTheHour(request.param("timestamp"))) {
            assertThat(response.verdict()).isEqualTo(DingTalkError.TIMESTAMP_INVALID.verdict());
        }
    }

    /** More than an hour from the provider clock, computed without overflow. */
    static boolean outsideTheHour(String timestamp) {
        try {
            long millis = Long.parseLong(timestamp);
            long now = CLOCK.millis();
            long hour = DingTalkRobotVerifier.TIMESTAMP_TOLERANCE.toMillis();
            return millis < now - hour || millis > now + hour;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
