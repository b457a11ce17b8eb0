package io.herald.provider.tencentcloud.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sandbox.MutableClock;
import io.herald.sandbox.ProviderSandbox;
import io.herald.sandbox.RawHttp;
import io.herald.sandbox.ReceivedRequest;
import io.herald.sandbox.SandboxClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox's Tencent Cloud API 3.0 endpoint: TC3 verification, error shapes and two DNSPod actions. */
class TencentCloudTest {

    // Tencent's published signature v3 example (see Tc3SignatureTest), replayed byte for byte.
    static final String EXAMPLE_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    static final String EXAMPLE_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    static final long EXAMPLE_TIMESTAMP = 1_551_113_065L;
    static final String EXAMPLE_PAYLOAD =
            "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
    static final String EXAMPLE_AUTHORIZATION = "TC3-HMAC-SHA256 Credential=" + EXAMPLE_ID
            + "/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, "
            + "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";

    static final String ID = "AKIDherald0000000000000000000000test";
    static final String KEY = "herald-test-secret-key-0123456789";

    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(EXAMPLE_TIMESTAMP));
    final SandboxClient client = new SandboxClient();
    final JsonMapper json = JsonMapper.builder().build();
    ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, clock);
        sandbox.verifier(TencentCloudVerifier.class).addKey(EXAMPLE_ID, EXAMPLE_KEY);
        sandbox.verifier(TencentCloudVerifier.class).addKey(ID, KEY);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    RawHttp.Response example(String authorization, String payload) {
        String head = "POST /tencentcloud/ HTTP/1.1\r\n"
                + "Host: cvm.tencentcloudapi.com\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "X-TC-Action: DescribeInstances\r\n"
                + "X-TC-Timestamp: " + EXAMPLE_TIMESTAMP + "\r\n"
                + "X-TC-Version: 2017-03-12\r\n"
                + "X-TC-Region: ap-guangzhou";
        return RawHttp.send(sandbox.port(), head, payload.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode error(String body) {
        return json.readTree(body).get("Response").get("Error");
    }

    @Test
    void publishedExamplePassesVerificationAndReachesTheAction() {
        RawHttp.Response response = example(EXAMPLE_AUTHORIZATION, EXAMPLE_PAYLOAD);

        // The signature is accepted; DescribeInstances (CVM) is not one of the modelled actions.
        assertThat(response.status()).isEqualTo(200);
        assertThat(error(response.body()).get("Code").asString()).isEqualTo("InvalidAction");
        assertThat(error(response.body()).get("Message").asString())
                .isEqualTo("The request `Action` is invalid or not found.");
        assertThat(json.readTree(response.body())
                        .get("Response")
                        .get("RequestId")
                        .asString())
                .isNotBlank();
        assertThat(response.head()).containsIgnoringCase("date:");
    }

    @Test
    void alteredPayloadIsSignatureFailure() {
        RawHttp.Response response =
                example(EXAMPLE_AUTHORIZATION, EXAMPLE_PAYLOAD.replace("\"Limit\": 1", "\"Limit\": 2"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .matches("\\{\"Response\":\\{\"Error\":\\{\"Code\":\"AuthFailure.SignatureFailure\",\"Message\":"
                        + "\"The provided credentials could not be validated. Please check your signature is correct.\"},"
                        + "\"RequestId\":\"[0-9a-f-]{36}\"}}");
    }

    @Test
    void timestampMoreThanFiveMinutesOffIsSignatureExpire() {
        clock.set(Instant.ofEpochSecond(EXAMPLE_TIMESTAMP).plus(Duration.ofMinutes(5)));
        assertThat(error(example(EXAMPLE_AUTHORIZATION, EXAMPLE_PAYLOAD).body())
                        .get("Code")
                        .asString())
                .isEqualTo("InvalidAction");

        clock.set(Instant.ofEpochSecond(EXAMPLE_TIMESTAMP)
                .plus(Duration.ofMinutes(5))
                .plusSeconds(1));
        JsonNode expired = error(example(EXAMPLE_AUTHORIZATION, EXAMPLE_PAYLOAD).body());
        assertThat(expired.get("Code").asString()).isEqualTo("AuthFailure.SignatureExpire");
        assertThat(expired.get("Message").asString()).isEqualTo("The signature is expired, please request again.");

        clock.set(Instant.ofEpochSecond(EXAMPLE_TIMESTAMP).minus(Duration.ofMinutes(6)));
        assertThat(error(example(EXAMPLE_AUTHORIZATION, EXAMPLE_PAYLOAD).body())
                        .get("Code")
                        .asString())
                .isEqualTo("AuthFailure.SignatureExpire");
    }

    @Test
    void unknownSecretIdIsSecretIdNotFound() {
        JsonNode error = error(example(EXAMPLE_AUTHORIZATION.replace(EXAMPLE_ID, "AKIDunknown"), EXAMPLE_PAYLOAD)
                .body());

        assertThat(error.get("Code").asString()).isEqualTo("AuthFailure.SecretIdNotFound");
        assertThat(error.get("Message").asString())
                .isEqualTo("The SecretId is not found, please ensure that your SecretId is correct.");
    }

    @Test
    void missingAuthorizationIsInvalidAuthorization() {
        HttpResponse<String> response = client.post(sandbox.endpoint("tencentcloud"), "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(error(response.body()).get("Code").asString()).isEqualTo("AuthFailure.InvalidAuthorization");
    }

    @Test
    void signedHeadersMustIncludeHost() {
        String authorization =
                EXAMPLE_AUTHORIZATION.replace("SignedHeaders=content-type;host", "SignedHeaders=content-type");

        assertThat(error(example(authorization, EXAMPLE_PAYLOAD).body())
                        .get("Code")
                        .asString())
                .isEqualTo("AuthFailure.SignatureFailure");
    }

    // ---- DNSPod actions, signed by an independent test-side TC3 implementation over the real Host header ----

    HttpResponse<String> call(String action, String payload, long timestamp) {
        String host = "127.0.0.1:" + sandbox.port();
        String contentType = "application/json; charset=utf-8";
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd")
                .withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(timestamp));
        String canonical = "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\nx-tc-action:"
                + action.toLowerCase() + "\n\ncontent-type;host;x-tc-action\n" + sha256(payload);
        String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/dnspod/tc3_request\n" + sha256(canonical);
        byte[] k = hmac(("TC3" + KEY).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, "dnspod");
        k = hmac(k, "tc3_request");
        String signature = HexFormat.of().formatHex(hmac(k, toSign));
        return client.send(HttpRequest.newBuilder(sandbox.endpoint("tencentcloud"))
                .header(
                        "Authorization",
                        "TC3-HMAC-SHA256 Credential=" + ID + "/" + date
                                + "/dnspod/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature="
                                + signature)
                .header("Content-Type", contentType)
                .header("X-TC-Action", action)
                .header("X-TC-Timestamp", Long.toString(timestamp))
                .header("X-TC-Version", "2021-03-23")
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build());
    }

    HttpResponse<String> call(String action, String payload) {
        return call(action, payload, clock.instant().getEpochSecond());
    }

    @Test
    void createdRecordIsListed() {
        HttpResponse<String> created = call(
                "CreateRecord",
                "{\"Domain\":\"example.com\",\"SubDomain\":\"www\",\"RecordType\":\"A\",\"RecordLine\":\"默认\",\"Value\":\"203.0.113.7\"}");

        JsonNode createResponse = json.readTree(created.body()).get("Response");
        assertThat(createResponse.has("Error")).as(created.body()).isFalse();
        long recordId = createResponse.get("RecordId").asLong();
        assertThat(recordId).isPositive();

        JsonNode list = json.readTree(call("DescribeRecordList", "{\"Domain\":\"example.com\"}")
                        .body())
                .get("Response");
        assertThat(list.get("RecordCountInfo").get("TotalCount").asInt()).isEqualTo(1);
        JsonNode record = list.get("RecordList").get(0);
        assertThat(record.get("RecordId").asLong()).isEqualTo(recordId);
        assertThat(record.get("Name").asString()).isEqualTo("www");
        assertThat(record.get("Type").asString()).isEqualTo("A");
        assertThat(record.get("Value").asString()).isEqualTo("203.0.113.7");
        assertThat(list.get("RequestId").asString()).isNotBlank();
    }

    @Test
    void emptyZoneIsNoDataOfRecord() {
        assertThat(error(call("DescribeRecordList", "{\"Domain\":\"empty.example\"}")
                                .body())
                        .get("Code")
                        .asString())
                .isEqualTo("ResourceNotFound.NoDataOfRecord");
    }

    @Test
    void missingParameterIsNamed() {
        JsonNode error =
                error(call("CreateRecord", "{\"Domain\":\"example.com\"}").body());

        assertThat(error.get("Code").asString()).isEqualTo("MissingParameter");
        assertThat(error.get("Message").asString()).contains("`RecordType`");
    }

    @Test
    void unknownActionIsInvalidAction() {
        assertThat(error(call("DeleteDomain", "{}").body()).get("Code").asString())
                .isEqualTo("InvalidAction");
    }

    @Test
    void requestsBeyondTheRateAreRequestLimitExceeded() {
        sandbox.verifier(TencentCloudVerifier.class).requestsPerSecond(2);
        call("DescribeRecordList", "{\"Domain\":\"example.com\"}");
        call("DescribeRecordList", "{\"Domain\":\"example.com\"}");

        JsonNode error =
                error(call("DescribeRecordList", "{\"Domain\":\"example.com\"}").body());

        assertThat(error.get("Code").asString()).isEqualTo("RequestLimitExceeded");
        assertThat(error.get("Message").asString())
                .isEqualTo(
                        "Your current request times equals to `3` in a second, which exceeds the frequency limit `2`");
        clock.advance(Duration.ofSeconds(1));
        assertThat(error(call("DescribeRecordList", "{\"Domain\":\"example.com\"}")
                                .body())
                        .get("Code")
                        .asString())
                .isEqualTo("ResourceNotFound.NoDataOfRecord");
    }

    @Test
    void recordsMaskTheAuthorizationHeader() {
        call("DescribeRecordList", "{\"Domain\":\"example.com\"}");

        ReceivedRequest record = sandbox.received().getLast();
        assertThat(record.provider()).isEqualTo("tencentcloud");
        assertThat(record.headers().get("Authorization"))
                .startsWith("TC…")
                .hasSize(5)
                .doesNotContain(ID);
    }

    @Test
    void faultsCanBeInjectedForTencentCloud() {
        sandbox.injectFaults("/tencentcloud", 1, 504, "gateway timeout");

        assertThat(call("DescribeRecordList", "{\"Domain\":\"example.com\"}").statusCode())
                .isEqualTo(504);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
