package io.herald.provider.slack.sandbox;

import static io.herald.sandbox.FuzzedRequests.CLOCK;
import static io.herald.sandbox.FuzzedRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.sandbox.FuzzedRequests;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any request to a Slack incoming webhook gets one of Slack's documented status and text pairs ("Handling errors"),
 * never an exception or a 5xx. How to run it coverage-guided: {@link FuzzedRequests}.
 */
class SlackFuzzTest {

    static final String HOOK = "T0FUZZ/B0FUZZ/fuzzslacksecret";
    static final String ARCHIVED = "T0FUZZ/B0ARCH/fuzzarchivedsecret";
    static final Map<Integer, String> DOCUMENTED = Map.of(
            200,
            "ok",
            403,
            "invalid_token",
            404,
            "no_service",
            405,
            "invalid_method",
            410,
            "channel_is_archived",
            429,
            "rate_limited");

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "10m")
    void verifier(FuzzedDataProvider data) {
        SlackWebhookVerifier handler = new SlackWebhookVerifier(CLOCK, JSON);
        handler.addWebhook(HOOK);
        handler.addWebhook(ARCHIVED);
        handler.archive(ARCHIVED);
        String method = FuzzedRequests.method(data);
        String hook = switch (data.consumeInt(0, 3)) {
            case 0 -> HOOK;
            case 1 -> ARCHIVED;
            case 2 -> "T0FUZZ/B0FUZZ/" + data.consumeString(30);
            default -> data.consumeString(60);
        };
        String body;
        if (data.consumeBoolean()) {
            ObjectNode message = JSON.createObjectNode();
            if (data.consumeBoolean()) {
                message.put("text", data.consumeString(100));
            } else if (data.consumeBoolean()) {
                message.put("text", data.consumeInt());
            }
            if (data.consumeBoolean()) {
                message.putArray("blocks").add(data.consumeString(20));
            }
            if (data.consumeBoolean()) {
                message.putArray("attachments");
            }
            body = JSON.writeValueAsString(message);
        } else {
            body = data.consumeRemainingAsString();
        }
        SandboxResponse response = FuzzedRequests.answer(
                handler,
                FuzzedRequests.request(
                        method,
                        SlackWebhookVerifier.PATH_PREFIX + hook,
                        data.consumeBoolean() ? null : data.consumeString(40),
                        FuzzedRequests.headers(data, Map.of("Content-Type", "application/json")),
                        FuzzedRequests.utf8(body)));

        if (response.status() == 400) {
            assertThat(response.body()).isIn("invalid_payload", "no_text");
        } else {
            assertThat(response.body()).as("status %s", response.status()).isEqualTo(DOCUMENTED.get(response.status()));
        }
        if (!"POST".equals(method)) {
            assertThat(response.status()).isEqualTo(405);
        }
    }
}
