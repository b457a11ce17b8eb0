package io.herald.provider.dogecloud.sandbox;

import static io.herald.sandbox.FuzzedRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.sandbox.FuzzedRequests;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Any request to the DogeCloud API gets DogeCloud's answer: {@code {"code":200,"msg":"OK",...}} for a matching
 * token, {@code {"code":403,"msg":"AccessToken Error"}} otherwise, never an exception or a 5xx. How to run it
 * coverage-guided: {@link FuzzedRequests}.
 */
class DogeCloudFuzzTest {

    static final String ACCESS_KEY = "fuzz-doge-access-key";
    static final String SECRET_KEY = "fuzz-doge-secret-key";

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "10m")
    void verifier(FuzzedDataProvider data) {
        DogeCloudVerifier handler = new DogeCloudVerifier(JSON);
        handler.addKey(ACCESS_KEY, SECRET_KEY);
        String method = FuzzedRequests.method(data);
        String apiPath = "/" + data.consumeString(40);
        String query = data.consumeBoolean() ? null : data.consumeString(40);
        byte[] body = data.consumeBytes(300);
        String requestUri = apiPath + (query == null ? "" : "?" + query);
        String authorization = switch (data.consumeInt(0, 3)) {
            case 0 -> "TOKEN " + ACCESS_KEY + ":" + DogeCloudVerifier.sign(SECRET_KEY, requestUri, body);
            case 1 -> "TOKEN " + FuzzedRequests.either(data, ACCESS_KEY) + ":" + data.consumeString(40);
            case 2 -> data.consumeString(80);
            default -> null;
        };
        SandboxResponse response = FuzzedRequests.answer(
                handler,
                FuzzedRequests.request(
                        method,
                        DogeCloudVerifier.PATH_PREFIX + apiPath,
                        query,
                        FuzzedRequests.headers(
                                data, authorization == null ? Map.of() : Map.of("Authorization", authorization)),
                        body));

        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = FuzzedRequests.jsonBody(response);
        if (answer.get("code").asInt() == 200) {
            assertThat(answer.get("msg").asString()).isEqualTo("OK");
            assertThat(answer.get("data").get("path").asString()).isEqualTo(requestUri);
        } else {
            assertThat(response.body()).isEqualTo(DogeCloudVerifier.AUTH_ERROR);
        }
    }
}
