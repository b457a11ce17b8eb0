package io.herald.provider.webhook.sandbox;

import static io.herald.sandbox.FuzzedRequests.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.sandbox.FuzzedRequests;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Any request to a Standard Webhooks receiver gets one of the reference verifier's answers (204; 400 for missing or
 * malformed headers; 401 for a stale timestamp or no matching signature; 404, 405, 410), never an exception or a
 * 5xx; a timestamp more than five minutes off is refused as too old or too new whatever the signature. How to run it
 * coverage-guided: {@link FuzzedRequests}.
 */
class StandardWebhookFuzzTest {

    static final String OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String NEW = "whsec_ZnV6ei1uZXctc2VjcmV0LTAxMjM0NTY3ODk=";
    static final Map<String, Integer> DOCUMENTED = Map.of(
            "Missing required headers", 400,
            "Invalid Signature Headers", 400,
            "Message timestamp too old", 401,
            "Message timestamp too new", 401,
            "No matching signature found", 401,
            "no such webhook endpoint", 404,
            "use POST", 405,
            "endpoint is gone", 410);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "10m")
    void verifier(FuzzedDataProvider data) {
        StandardWebhookVerifier handler = new StandardWebhookVerifier(CLOCK);
        handler.addEndpoint("orders", List.of(OLD, NEW));
        handler.markGone("retired");
        String method = FuzzedRequests.method(data);
        String path = data.pickValue(new String[] {"orders", "retired", data.consumeString(30)});
        String id = data.consumeBoolean() ? "msg_" + data.consumeAsciiString(20) : null;
        String timestamp = data.consumeBoolean()
                ? FuzzedRequests.timestamp(
                        data, CLOCK.instant().getEpochSecond(), StandardWebhookVerifier.TOLERANCE.toSeconds())
                : null;
        byte[] body = data.consumeBytes(300);
        String signature = null;
        if (data.consumeBoolean()) {
            String correct = id == null || timestamp == null
                    ? data.consumeString(44)
                    : StandardWebhookSignature.sign(
                            StandardWebhookSignature.key(data.pickValue(new String[] {OLD, NEW})), id, timestamp, body);
            signature = data.pickValue(new String[] {"v1,", "v2,", "v1", ""})
                    + correct
                    + (data.consumeBoolean() ? "" : " " + data.consumeString(60));
        } else if (data.consumeBoolean()) {
            signature = data.consumeString(120);
        }
        Map<String, String> given = new HashMap<>();
        given.put("webhook-id", id);
        given.put("webhook-timestamp", timestamp);
        given.put("webhook-signature", signature);
        SandboxRequest request = FuzzedRequests.request(
                method, StandardWebhookVerifier.PATH_PREFIX + path, null, FuzzedRequests.headers(data, given), body);
        SandboxResponse response = FuzzedRequests.answer(handler, request);

        if (response.status() == 204) {
            assertThat(response.body()).isNull();
        } else {
            assertThat(DOCUMENTED.get(response.body())).as(response.body()).isEqualTo(response.status());
        }
        if (path.equals("orders")
                && "POST".equals(method)
                && id != null
                && signature != null
                && outsideTheWindow(timestamp)) {
            assertThat(response.body()).startsWith("Message timestamp too");
        }
    }

    static boolean outsideTheWindow(String timestamp) {
        try {
            long seconds = Long.parseLong(timestamp);
            long now = CLOCK.instant().getEpochSecond();
            long tolerance = StandardWebhookVerifier.TOLERANCE.toSeconds();
            return seconds < now - tolerance || seconds > now + tolerance;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
