package io.herald.provider.alibabacloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.provider.spi.signing.ChannelMisconfiguredException;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.Source;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlibabaCloudSignerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:05.250Z");
    private static final String SECRET = "s3cr3tAccessKeySecretValue";
    private static final SecretResolver SECRETS =
            new SecretResolver(Map.of("AK_ID", "LTAIexample", "AK_SECRET", SECRET)::get);
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final AlibabaCloudSigner signer = new AlibabaCloudSigner(SECRETS);

    private static Channel channel(String endpoint) {
        return new Channel(
                "alibabacloud",
                URI.create(endpoint),
                Map.of("access-key-id", "env:AK_ID", "access-key-secret", "env:AK_SECRET"),
                null,
                null);
    }

    private static AcceptedNotification notification(ApiCall call) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("dns")
                .setProvider("alibabacloud")
                .setContent(call)
                .setSource(Source.HTTP)
                .setAcceptedAt(NOW)
                .build();
    }

    private static ApiCall addRecord(String body) {
        return ApiCall.newBuilder()
                .setAction("AddDomainRecord")
                .setVersion("2015-01-09")
                .setBody(body)
                .build();
    }

    private SignedRequest sign(ApiCall call) {
        return signer.sign(notification(call), channel("https://alidns.aliyuncs.com"), NOW);
    }

    @Test
    void alidnsCallCarriesTheV3HeadersAndItsParametersInTheQuery() {
        SignedRequest signed = sign(addRecord(
                "{\"DomainName\":\"example.com\",\"RR\":\"www\",\"Type\":\"A\",\"Value\":\"192.0.2.1\",\"TTL\":600}"));

        assertThat(signed.call().getMethod()).isEqualTo("POST");
        assertThat(signed.call().getUrl())
                .isEqualTo("https://alidns.aliyuncs.com/?DomainName=example.com&RR=www&TTL=600&Type=A&Value=192.0.2.1");
        assertThat(signed.call().getBody().remaining()).isZero();
        assertThat(signed.call().getHeaders())
                .containsEntry("x-acs-action", "AddDomainRecord")
                .containsEntry("x-acs-version", "2015-01-09")
                .containsEntry("x-acs-date", "2026-01-01T00:00:05Z")
                .containsEntry("x-acs-content-sha256", EMPTY_SHA256)
                .containsKey("x-acs-signature-nonce");
        assertThat(signed.call().getHeaders().get("Authorization"))
                .isEqualTo(
                        "ACS3-HMAC-SHA256 Credential=LTAIexample,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;"
                                + "x-acs-signature-nonce;x-acs-version,Signature=" + signed.signature());
        assertThat(signed.stringToSign())
                .contains("POST\n/\nDomainName=example.com&RR=www&TTL=600&Type=A&Value=192.0.2.1\n"
                        + "host:alidns.aliyuncs.com\n");
        assertThat(signed.secretHeaders()).containsExactly("Authorization");
    }

    @Test
    void theSecretAppearsNowhereButInTheSignature() {
        SignedRequest signed =
                sign(addRecord("{\"DomainName\":\"example.com\",\"RR\":\"@\",\"Type\":\"TXT\",\"Value\":\"x\"}"));

        assertThat(signed.toString()).doesNotContain(SECRET);
        assertThat(signed.stringToSign()).doesNotContain(SECRET);
        assertThat(signed.maskedUrl())
                .doesNotContain(SECRET)
                .isEqualTo(signed.call().getUrl());
    }

    @Test
    void everySigningTakesAFreshNonce() {
        ApiCall call = addRecord("{\"DomainName\":\"example.com\"}");

        SignedRequest first = sign(call);
        SignedRequest second = sign(call);

        assertThat(first.call().getHeaders().get("x-acs-signature-nonce"))
                .isNotEqualTo(second.call().getHeaders().get("x-acs-signature-nonce"));
        assertThat(first.signature()).isNotEqualTo(second.signature());
    }

    @Test
    void arraysAndObjectsAreFlattenedIntoIndexedParametersAndNullsLeftOut() {
        SignedRequest signed = sign(addRecord("{\"Tag\":[{\"Key\":\"env\",\"Value\":\"prod\"}],\"Ids\":[\"a\",\"b\"],"
                + "\"Skip\":null,\"Enabled\":true,\"Weight\":0.1}"));

        assertThat(signed.call().getUrl())
                .isEqualTo("https://alidns.aliyuncs.com/"
                        + "?Enabled=true&Ids.1=a&Ids.2=b&Tag.1.Key=env&Tag.1.Value=prod&Weight=0.1");
    }

    @Test
    void valuesAreRfc3986EncodedInTheQuerySentAndSigned() {
        SignedRequest signed = sign(addRecord("{\"Value\":\"v=spf1 include:_spf.example.com ~all\"}"));

        String query = "Value=v%3Dspf1%20include%3A_spf.example.com%20~all";
        assertThat(signed.call().getUrl()).endsWith("/?" + query);
        assertThat(signed.stringToSign()).contains("\n" + query + "\n");
    }

    @Test
    void getCallsAreSignedAsGet() {
        ApiCall call = ApiCall.newBuilder()
                .setAction("DescribeDomainRecords")
                .setVersion("2015-01-09")
                .setMethod("GET")
                .setBody("{\"DomainName\":\"example.com\"}")
                .build();

        SignedRequest signed = sign(call);

        assertThat(signed.call().getMethod()).isEqualTo("GET");
        assertThat(signed.stringToSign()).startsWith("CanonicalRequest:\nGET\n/\nDomainName=example.com\n");
    }

    @Test
    void aSandboxEndpointKeepsItsPathAndTheCanonicalUriStaysRoot() {
        SignedRequest signed = signer.sign(
                notification(addRecord("{\"DomainName\":\"example.com\"}")),
                channel("http://127.0.0.1:18080/alibabacloud/"),
                NOW);

        assertThat(signed.call().getUrl()).isEqualTo("http://127.0.0.1:18080/alibabacloud/?DomainName=example.com");
        assertThat(signed.stringToSign()).contains("POST\n/\nDomainName=example.com\nhost:127.0.0.1:18080\n");
    }

    @Test
    void theSignedHostIsWhatTheClientSendsAsHost() {
        assertThat(AlibabaCloudSigner.host(URI.create("https://alidns.aliyuncs.com:443/")))
                .isEqualTo("alidns.aliyuncs.com");
        assertThat(AlibabaCloudSigner.host(URI.create("https://alidns.aliyuncs.com")))
                .isEqualTo("alidns.aliyuncs.com");
        assertThat(AlibabaCloudSigner.host(URI.create("http://127.0.0.1:18080/alibabacloud/")))
                .isEqualTo("127.0.0.1:18080");
        assertThat(AlibabaCloudSigner.host(URI.create("http://[::1]:80/"))).isEqualTo("[::1]");
    }

    @Test
    void callWithoutVersionCannotBeSigned() {
        assertThatThrownBy(() ->
                        sign(ApiCall.newBuilder().setAction("AddDomainRecord").build()))
                .isInstanceOf(UnsignableNotificationException.class)
                .hasMessageContaining("needs an action and a version");
    }

    @Test
    void callWithAPathCannotBeSigned() {
        assertThatThrownBy(() -> sign(ApiCall.newBuilder()
                        .setAction("ListClusters")
                        .setVersion("2015-12-15")
                        .setPath("/clusters")
                        .build()))
                .isInstanceOf(UnsignableNotificationException.class)
                .hasMessageContaining("the path must be /");
    }

    @Test
    void bodyThatIsNotAJsonObjectCannotBeSigned() {
        assertThatThrownBy(() -> sign(addRecord("[\"example.com\"]")))
                .isInstanceOf(UnsignableNotificationException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void endpointWithAQueryIsAMisconfiguredChannel() {
        assertThatThrownBy(() ->
                        signer.sign(notification(addRecord("{}")), channel("https://alidns.aliyuncs.com/?x=1"), NOW))
                .isInstanceOf(ChannelMisconfiguredException.class)
                .hasMessage("herald.channels.dns.endpoint: an Alibaba Cloud OpenAPI endpoint takes no query string");
    }

    @Test
    void missingSecretIsNamedByItsProperty() {
        Channel noSecret = new Channel(
                "alibabacloud",
                URI.create("https://alidns.aliyuncs.com"),
                Map.of("access-key-id", "env:AK_ID"),
                null,
                null);

        assertThatThrownBy(() -> signer.sign(notification(addRecord("{}")), noSecret, NOW))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("herald.channels.dns.credentials.access-key-secret");
        assertThat(signer.problems("dns", noSecret, SECRETS))
                .singleElement()
                .asString()
                .contains("herald.channels.dns.credentials.access-key-secret");
    }

    @Test
    void wellConfiguredChannelPassesTheStartUpCheck() {
        assertThat(signer.problems("dns", channel("https://alidns.aliyuncs.com"), SECRETS))
                .isEmpty();
    }
}
