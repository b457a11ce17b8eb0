package io.herald.provider.wecom.sandbox;

import static io.herald.sandbox.FuzzedRequests.CLOCK;
import static io.herald.sandbox.FuzzedRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.sandbox.FuzzedRequests;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any request to the WeCom robot endpoint gets one of WeCom's documented answers (HTTP 200 with errcode 0, 93000,
 * 45009, 40008 or 44004 and WeCom's hint suffix, or 405 for another method). How to run it coverage-guided:
 * {@link FuzzedRequests}.
 */
class WeComFuzzTest {

    static final String KEY = "fuzz-wecom-key";
    static final Set<Integer> ERRCODES = Set.of(0, 93000, 45009, 40008, 44004);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "10m")
    void verifier(FuzzedDataProvider data) {
        WeComRobotVerifier handler = new WeComRobotVerifier(CLOCK, JSON);
        handler.addRobot(KEY);
        String method = FuzzedRequests.method(data);
        String query = data.consumeBoolean()
                ? "key=" + FuzzedRequests.either(data, KEY)
                        + (data.consumeBoolean() ? "" : "&" + data.consumeString(30))
                : data.consumeString(80);
        String body;
        if (data.consumeBoolean()) {
            ObjectNode message = JSON.createObjectNode();
            String type = data.pickValue(
                    new String[] {"text", "markdown", "markdown_v2", "image", "news", "", data.consumeString(12)});
            message.put("msgtype", type);
            ObjectNode content = message.putObject(data.consumeBoolean() ? type : data.consumeString(12));
            switch (data.consumeInt(0, 2)) {
                case 0 -> content.put("content", data.consumeString(200));
                case 1 -> content.put("content", data.consumeLong());
                default -> content.putNull("content");
            }
            body = JSON.writeValueAsString(message);
        } else {
            body = data.consumeRemainingAsString();
        }
        SandboxResponse response = FuzzedRequests.answer(
                handler,
                FuzzedRequests.request(
                        method,
                        WeComRobotVerifier.PATH,
                        query,
                        FuzzedRequests.headers(data, Map.of("Content-Type", "application/json")),
                        FuzzedRequests.utf8(body)));

        if (!"POST".equals(method)) {
            assertThat(response.status()).isEqualTo(405);
            return;
        }
        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = FuzzedRequests.jsonBody(response);
        int errcode = answer.get("errcode").asInt();
        assertThat(ERRCODES)
                .as("a documented WeCom errcode: %s", response.body())
                .contains(errcode);
        if (errcode == 0) {
            assertThat(response.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        } else {
            assertThat(answer.get("errmsg").asString())
                    .endsWith("more info at https://open.work.weixin.qq.com/devtool/query?e=" + errcode);
        }
    }
}
