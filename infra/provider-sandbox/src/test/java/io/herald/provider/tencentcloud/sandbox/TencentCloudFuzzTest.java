package io.herald.provider.tencentcloud.sandbox;

import static io.herald.sandbox.FuzzedRequests.CLOCK;
import static io.herald.sandbox.FuzzedRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.sandbox.FuzzedRequests;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any request to the Tencent Cloud API endpoint gets Tencent's answer shape (HTTP 200,
 * {@code {"Response":{...,"RequestId":..}}}) with a documented error code or an action's result, never an exception
 * or a 5xx; a known SecretId with a timestamp more than five minutes off is {@code AuthFailure.SignatureExpire}. The
 * fuzzer signs some requests correctly (with the sandbox's own TC3 code) to reach the actions. How to run it
 * coverage-guided: {@link FuzzedRequests}.
 */
class TencentCloudFuzzTest {

    static final String ID = "AKIDfuzz000000000000000000000000000";
    static final String KEY = "fuzz-tencent-secret-key";
    static final String HOST = "127.0.0.1:18080";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "10m")
    void verifier(FuzzedDataProvider data) {
        TencentCloudVerifier handler = new TencentCloudVerifier(CLOCK, JSON);
        handler.addKey(ID, KEY);
        String method = FuzzedRequests.method(data);
        String subPath = data.pickValue(new String[] {"/", "", "/" + data.consumeString(20)});
        String timestamp = FuzzedRequests.timestamp(
                data, CLOCK.instant().getEpochSecond(), TencentCloudVerifier.TIMESTAMP_TOLERANCE.toSeconds());
        String action = data.pickValue(
                new String[] {"CreateRecord", "DescribeRecordList", "DescribeInstances", " ", data.consumeString(20)});
        String body;
        if (data.consumeBoolean()) {
            ObjectNode call = JSON.createObjectNode();
            for (String field : List.of("Domain", "SubDomain", "Subdomain", "RecordType", "RecordLine", "Value")) {
                switch (data.consumeInt(0, 3)) {
                    case 0 -> call.put(field, data.consumeString(20));
                    case 1 -> call.put(field, data.consumeLong());
                    case 2 -> call.putNull(field);
                    default -> {}
                }
            }
            if (data.consumeBoolean()) {
                call.put("TTL", data.consumeBoolean() ? data.consumeLong() : data.consumeDouble());
            }
            body = JSON.writeValueAsString(call);
        } else {
            body = data.consumeRemainingAsString();
        }
        byte[] payload = FuzzedRequests.utf8(body);
        Map<String, String> headers = new HashMap<>();
        headers.put("Host", HOST);
        headers.put("Content-Type", data.consumeBoolean() ? CONTENT_TYPE : data.consumeString(30));
        headers.put("X-TC-Action", action);
        headers.put("X-TC-Timestamp", data.consumeBoolean() ? timestamp : null);
        headers.put("X-TC-Version", "2021-03-23");
        headers.put("Authorization", authorization(data, method, subPath, timestamp, headers, payload));
        SandboxResponse response = FuzzedRequests.answer(
                handler,
                FuzzedRequests.request(
                        method,
                        TencentCloudVerifier.PATH_PREFIX + subPath,
                        data.consumeBoolean() ? null : data.consumeString(30),
                        FuzzedRequests.headers(data, headers),
                        payload));

        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = FuzzedRequests.jsonBody(response).get("Response");
        assertThat(answer.get("RequestId").asString()).hasSize(36);
        JsonNode error = answer.get("Error");
        if (error != null) {
            String code = error.get("Code").asString();
            assertThat(Arrays.stream(TencentCloudError.values()))
                    .as("a documented Tencent Cloud code: %s", response.body())
                    .anyMatch(e -> e.code.equals(code));
            assertThat(error.get("Message").asString()).isNotBlank();
        } else {
            assertThat(answer.has("RecordId") || answer.has("RecordList"))
                    .as(response.body())
                    .isTrue();
        }
        String sent = headers.get("Authorization");
        if (sent != null
                && sent.startsWith("TC3-HMAC-SHA256 Credential=" + ID + "/")
                && headers.get("X-TC-Timestamp") != null
                && outsideTheWindow(timestamp)
                && error != null
                && !error.get("Code").asString().equals("AuthFailure.InvalidAuthorization")) {
            assertThat(error.get("Code").asString()).isEqualTo("AuthFailure.SignatureExpire");
        }
    }

    /** A correct TC3 authorization, one with fuzzed parts, any text, or none. */
    private static String authorization(
            FuzzedDataProvider data,
            String method,
            String subPath,
            String timestamp,
            Map<String, String> headers,
            byte[] payload) {
        String date;
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
            date = Tc3Signature.date(seconds);
        } catch (RuntimeException notADate) {
            seconds = 0;
            date = "2026-03-01";
        }
        String service = FuzzedRequests.either(data, "dnspod");
        List<String> signed = data.consumeBoolean()
                ? List.of("content-type", "host")
                : List.of("content-type", "host", "x-tc-action");
        String signature;
        if (data.consumeBoolean()) {
            Map<String, String> values = new HashMap<>();
            signed.forEach(name -> values.put(
                    name,
                    headers.get(
                            name.equals("host")
                                    ? "Host"
                                    : name.equals("content-type") ? "Content-Type" : "X-TC-Action")));
            String canonical = Tc3Signature.canonicalRequest(
                    method, subPath.isEmpty() ? "/" : subPath, null, signed, values, payload);
            signature = Tc3Signature.signature(
                    KEY, date, service, Tc3Signature.stringToSign(seconds, date, service, canonical));
        } else {
            signature = data.consumeBoolean() ? "0".repeat(64) : data.consumeString(64);
        }
        return switch (data.consumeInt(0, 3)) {
            case 0, 1 ->
                "TC3-HMAC-SHA256 Credential=" + FuzzedRequests.either(data, ID) + "/"
                        + (data.consumeBoolean() ? date : data.consumeString(10)) + "/" + service
                        + "/tc3_request, SignedHeaders="
                        + String.join(";", signed) + ", Signature=" + signature;
            case 2 -> data.consumeString(200);
            default -> null;
        };
    }

    static boolean outsideTheWindow(String timestamp) {
        try {
            long seconds = Long.parseLong(timestamp.trim());
            long now = CLOCK.instant().getEpochSecond();
            long tolerance = TencentCloudVerifier.TIMESTAMP_TOLERANCE.toSeconds();
            return seconds < now - tolerance || seconds > now + tolerance;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
