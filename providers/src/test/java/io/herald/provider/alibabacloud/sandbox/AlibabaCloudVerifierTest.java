package io.herald.provider.alibabacloud.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.alibabacloud.AlibabaCloud;
import io.herald.provider.spi.sandbox.QueryString;
import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.Source;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests signed by the plug-in's signer, handed to the sandbox verifier as the sandbox would receive them: accepted
 * as they are, refused with Alibaba's code once anything signed is changed, replayed, late or keyed wrong.
 */
class AlibabaCloudVerifierTest {

    static final String KEY_ID = "LTAI5tHeraldSandboxKey";
    static final String KEY_SECRET = "herald-sandbox-access-key-secret";
    static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    static final String ENDPOINT = "http://127.0.0.1:18080/alibabacloud/";

    final MutableClock clock = new MutableClock(START);
    final JsonMapper json = JsonMapper.builder().build();
    final AlibabaCloudVerifier verifier = new AlibabaCloudVerifier(clock, json);
    final ProviderSigner signer =
            new AlibabaCloud().signer(new SecretResolver(Map.of("AK_ID", KEY_ID, "AK_SECRET", KEY_SECRET)::get));

    AlibabaCloudVerifierTest() {
        verifier.addKey(KEY_ID, KEY_SECRET);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    SignedRequest sign(String action, String body) {
        ApiCall call = ApiCall.newBuilder()
                .setAction(action)
                .setVersion("2015-01-09")
                .setBody(body)
                .build();
        AcceptedNotification notification = AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("dns")
                .setProvider("alibabacloud")
                .setContent(call)
                .setSource(Source.HTTP)
                .setAcceptedAt(START)
                .build();
        Channel channel = new Channel(
                "alibabacloud",
                URI.create(ENDPOINT),
                Map.of("access-key-id", "env:AK_ID", "access-key-secret", "env:AK_SECRET"),
                null,
                null);
        return signer.sign(notification, channel, clock.instant());
    }

    SignedRequest addRecord(String value) {
        return sign(
                "AddDomainRecord",
                "{\"DomainName\":\"example.com\",\"RR\":\"home\",\"Type\":\"A\",\"Value\":\"" + value
                        + "\",\"TTL\":600}");
    }

    /** The request as the sandbox's HTTP server hands it over: raw path and query, headers without case, Host added. */
    SandboxRequest received(SignedRequest signed) {
        URI url = URI.create(signed.call().getUrl());
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", List.of(url.getRawAuthority()));
        signed.call().getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        byte[] body = new byte[signed.call().getBody().remaining()];
        signed.call().getBody().duplicate().get(body);
        return new SandboxRequest(
                signed.call().getMethod(),
                url.getRawPath(),
                url.getRawQuery(),
                QueryString.firstValues(url.getRawQuery()),
                headers,
                body,
                clock.instant());
    }

    static SandboxRequest withQuery(SandboxRequest request, String rawQuery) {
        return new SandboxRequest(
                request.method(),
                request.path(),
                rawQuery,
                QueryString.firstValues(rawQuery),
                request.headers(),
                request.body(),
                request.receivedAt());
    }

    static SandboxRequest withHeader(SandboxRequest request, String name, String value) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        headers.put(name, List.of(value));
        return new SandboxRequest(
                request.method(),
                request.path(),
                request.rawQuery(),
                request.params(),
                headers,
                request.body(),
                request.receivedAt());
    }

    JsonNode body(SandboxResponse response) {
        return json.readTree(response.body());
    }

    void assertRefused(SandboxResponse response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        JsonNode body = body(response);
        assertThat(body.get("Code").asString()).isEqualTo(code);
        assertThat(body.get("RequestId").asString()).isNotBlank();
        assertThat(body.get("HostId").asString()).isEqualTo("alidns.aliyuncs.com");
        assertThat(body.get("Message").asString()).isNotBlank();
        assertThat(body.get("Recommend").asString()).contains("q=" + code);
    }

    @Test
    void signedCallIsAcceptedAndTheRecordCanBeListed() {
        SandboxResponse added = verifier.handle(received(addRecord("192.0.2.1")));

        assertThat(added.status()).isEqualTo(200);
        String recordId = body(added).get("RecordId").asString();
        assertThat(recordId).isNotBlank();
        assertThat(body(added).get("RequestId").asString()).isNotBlank();

        SandboxResponse listed =
                verifier.handle(received(sign("DescribeDomainRecords", "{\"DomainName\":\"example.com\"}")));
        assertThat(listed.status()).isEqualTo(200);
        JsonNode record = body(listed).get("DomainRecords").get("Record").get(0);
        assertThat(record.get("RecordId").asString()).isEqualTo(recordId);
        assertThat(record.get("RR").asString()).isEqualTo("home");
        assertThat(record.get("Value").asString()).isEqualTo("192.0.2.1");
        assertThat(body(listed).get("TotalCount").asInt()).isEqualTo(1);
    }

    @Test
    void signedUpdateChangesTheRecord() {
        String recordId = body(verifier.handle(received(addRecord("192.0.2.1"))))
                .get("RecordId")
                .asString();

        SandboxResponse updated = verifier.handle(received(sign(
                "UpdateDomainRecord",
                "{\"RecordId\":\"" + recordId + "\",\"RR\":\"home\",\"Type\":\"A\",\"Value\":\"192.0.2.2\"}")));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(body(updated).get("RecordId").asString()).isEqualTo(recordId);
        JsonNode listed =
                body(verifier.handle(received(sign("DescribeDomainRecords", "{\"DomainName\":\"example.com\"}"))));
        assertThat(listed.get("DomainRecords").get("Record").get(0).get("Value").asString())
                .isEqualTo("192.0.2.2");
    }

    @Test
    void tamperedQueryIsASignatureMismatch() {
        SandboxRequest request = received(addRecord("192.0.2.1"));

        SandboxResponse response =
                verifier.handle(withQuery(request, request.rawQuery().replace("192.0.2.1", "192.0.2.66")));

        assertRefused(response, 400, "SignatureDoesNotMatch");
    }

    @Test
    void tamperedBodyIsASignatureMismatchOnTheContentHash() {
        SandboxRequest request = received(addRecord("192.0.2.1"));
        SandboxRequest withBody = new SandboxRequest(
                request.method(),
                request.path(),
                request.rawQuery(),
                request.params(),
                request.headers(),
                "Value=192.0.2.66".getBytes(StandardCharsets.UTF_8),
                request.receivedAt());

        SandboxResponse response = verifier.handle(withBody);

        assertRefused(response, 400, "SignatureDoesNotMatch");
        assertThat(response.verdict()).contains("x-acs-content-sha256");
    }

    @Test
    void tamperedSignedHeaderIsASignatureMismatch() {
        SandboxResponse response =
                verifier.handle(withHeader(received(addRecord("192.0.2.1")), "x-acs-action", "DeleteDomainRecord"));

        assertRefused(response, 400, "SignatureDoesNotMatch");
    }

    @Test
    void anUnsignedAcsHeaderMakesTheSignatureIncomplete() {
        SandboxResponse response =
                verifier.handle(withHeader(received(addRecord("192.0.2.1")), "x-acs-security-token", "not-signed"));

        assertRefused(response, 400, "IncompleteSignature");
    }

    @Test
    void anAuthorizationNotOfTheAcs3FormIsIncomplete() {
        SandboxResponse response = verifier.handle(
                withHeader(received(addRecord("192.0.2.1")), "Authorization", "acs " + KEY_ID + ":c2lnbmF0dXJl"));

        assertRefused(response, 400, "IncompleteSignature");
    }

    @Test
    void aDateMoreThanFifteenMinutesOffIsExpired() {
        SandboxRequest request = received(addRecord("192.0.2.1"));
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertRefused(verifier.handle(request), 400, "InvalidTimeStamp.Expired");
    }

    @Test
    void aDateFifteenMinutesOffIsStillAccepted() {
        SandboxRequest request = received(addRecord("192.0.2.1"));
        clock.advance(Duration.ofMinutes(15));

        assertThat(verifier.handle(request).status()).isEqualTo(200);
    }

    @Test
    void aMalformedDateIsRefusedAsSuch() {
        SandboxResponse response = verifier.handle(
                withHeader(received(addRecord("192.0.2.1")), "x-acs-date", "Sun, 01 Mar 2026 08:00:00 GMT"));

        assertRefused(response, 400, "InvalidTimeStamp.Format");
    }

    @Test
    void aReplayedNonceIsRefused() {
        SandboxRequest request = received(addRecord("192.0.2.1"));

        assertThat(verifier.handle(request).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(10));
        assertRefused(verifier.handle(request), 400, "SignatureNonceUsed");
    }

    @Test
    void aReplayAfterTheWindowIsRefusedByItsDate() {
        SandboxRequest request = received(addRecord("192.0.2.1"));
        assertThat(verifier.handle(request).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));

        assertRefused(verifier.handle(request), 400, "InvalidTimeStamp.Expired");
    }

    @Test
    void aWrongSecretIsASignatureMismatch() {
        AlibabaCloudVerifier otherSecret = new AlibabaCloudVerifier(clock, json);
        otherSecret.addKey(KEY_ID, "another-secret-for-the-same-key");

        assertRefused(otherSecret.handle(received(addRecord("192.0.2.1"))), 400, "SignatureDoesNotMatch");
    }

    @Test
    void anUnknownAccessKeyIsNotFound() {
        AlibabaCloudVerifier noKeys = new AlibabaCloudVerifier(clock, json);

        assertRefused(noKeys.handle(received(addRecord("192.0.2.1"))), 404, "InvalidAccessKeyId.NotFound");
    }

    @Test
    void requestsBeyondTheLimitAreThrottled() {
        verifier.requestsPerSecond(1);

        assertThat(verifier.handle(received(addRecord("192.0.2.1"))).status()).isEqualTo(200);
        assertRefused(verifier.handle(received(addRecord("192.0.2.2"))), 400, "Throttling.User");
        clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.handle(received(addRecord("192.0.2.3"))).status()).isEqualTo(200);
    }

    @Test
    void anUnknownActionIsAnUnknownApi() {
        assertRefused(
                verifier.handle(received(sign("DeleteDomain", "{\"DomainName\":\"example.com\"}"))),
                404,
                "InvalidApi.NotFound");
    }

    @Test
    void aMissingParameterIsNamed() {
        SandboxResponse response = verifier.handle(
                received(sign("AddDomainRecord", "{\"DomainName\":\"example.com\",\"RR\":\"home\",\"Type\":\"A\"}")));

        assertRefused(response, 400, "MissingValue");
        assertThat(body(response).get("Message").asString()).isEqualTo("Value is mandatory for this action.");
    }

    @Test
    void theSameRecordTwiceIsADuplicate() {
        assertThat(verifier.handle(received(addRecord("192.0.2.1"))).status()).isEqualTo(200);

        assertRefused(verifier.handle(received(addRecord("192.0.2.1"))), 400, "DomainRecordDuplicate");
    }

    @Test
    void refusalsCarryAlibabasThrottlingAndServerErrorBodies() {
        SandboxResponse throttled = verifier.refusal(429).orElseThrow();
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(body(throttled).get("Code").asString()).isEqualTo("Throttling.User");
        assertRefused(verifier.refusal(503).orElseThrow(), 503, "ServiceUnavailable");
        assertRefused(verifier.refusal(500).orElseThrow(), 500, "InternalError");
        assertThat(verifier.refusal(404)).isEmpty();
    }

    @Test
    void publishedV3ExampleVerifiesWithTheSandboxsOwnCanonicalisation() {
        // "Fixed parameter values" of
        // https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
        String canonical = Acs3Verification.canonicalRequest(
                "POST",
                "/",
                "RegionId=cn-shanghai&ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
                List.of(
                        "host",
                        "x-acs-action",
                        "x-acs-content-sha256",
                        "x-acs-date",
                        "x-acs-signature-nonce",
                        "x-acs-version"),
                Map.of(
                        "host",
                        "ecs.cn-shanghai.aliyuncs.com",
                        "x-acs-action",
                        "RunInstances",
                        "x-acs-content-sha256",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                        "x-acs-date",
                        "2023-10-26T10:22:32Z",
                        "x-acs-signature-nonce",
                        "3156853299f313e23d1673dc12e1703d",
                        "x-acs-version",
                        "2014-05-26"),
                new byte[0]);
        String stringToSign = Acs3Verification.stringToSign(canonical);

        assertThat(stringToSign)
                .isEqualTo("ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        assertThat(Acs3Verification.signature("YourAccessKeySecret", stringToSign))
                .isEqualTo("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
        assertThat(Acs3Verification.claim("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
                        + "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                        + "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"))
                .get()
                .extracting(Acs3Verification.Claim::accessKeyId)
                .isEqualTo("YourAccessKeyId");
    }

    @Test
    void registrationReadsTheChannelsAccessKey() {
        AlibabaCloudVerifier fresh = new AlibabaCloudVerifier(clock, json);
        RecordingChannel channel = new RecordingChannel(
                "/alibabacloud/", Map.of("access-key-id", KEY_ID, "access-key-secret", KEY_SECRET));

        fresh.registration(channel).orElseThrow().run();

        assertThat(channel.problems).isEmpty();
        assertThat(fresh.handle(received(addRecord("192.0.2.1"))).status()).isEqualTo(200);
    }

    @Test
    void registrationRefusesAnotherPathAndMissingCredentials() {
        RecordingChannel elsewhere = new RecordingChannel("/tencentcloud/", Map.of());
        RecordingChannel noSecret = new RecordingChannel("/alibabacloud/", Map.of("access-key-id", KEY_ID));

        assertThat(verifier.registration(elsewhere)).isEmpty();
        assertThat(elsewhere.problems).containsExactly("wrong path, served: /alibabacloud/");
        assertThat(verifier.registration(noSecret)).isEmpty();
        assertThat(noSecret.problems)
                .containsExactly("herald.channels.dns.credentials.access-key-secret: not configured");
    }

    /** A catalog channel as the sandbox reads it, recording the problems reported. */
    static final class RecordingChannel implements SandboxChannel {
        final String path;
        final Map<String, String> credentials;
        final List<String> problems = new ArrayList<>();

        RecordingChannel(String path, Map<String, String> credentials) {
            this.path = path;
            this.credentials = credentials;
        }

        @Override
        public String at() {
            return "herald.channels.dns";
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public URI sandboxUrl() {
            return URI.create("http://127.0.0.1:18080");
        }

        @Override
        public Map<String, String> credentials() {
            return credentials;
        }

        @Override
        public String required(String key) {
            String value = credentials.get(key);
            if (value == null) {
                problem(at() + ".credentials." + key + ": not configured");
            }
            return value;
        }

        @Override
        public void problem(String message) {
            problems.add(message);
        }

        @Override
        public void wrongPath(String served) {
            problems.add("wrong path, served: " + served);
        }

        @Override
        public boolean onSandbox(URI uri) {
            return true;
        }
    }

    @Test
    void servesItsPrefixOnly() {
        assertThat(verifier.serves("/alibabacloud/")).isTrue();
        assertThat(verifier.serves("/alibabacloud")).isTrue();
        assertThat(verifier.serves("/alibabacloudx")).isFalse();
        assertThat(verifier.endpointPath()).isEqualTo("/alibabacloud/");
        assertThat(verifier.provider()).isEqualTo("alibabacloud");
        Optional<SandboxResponse> none = verifier.refusal(418);
        assertThat(none).isEmpty();
    }
}
