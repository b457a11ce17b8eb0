package io.herald.provider.tencentcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.Source;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TencentCloudSignerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:05.250Z");
    private final TencentCloudSigner signer =
            new TencentCloudSigner(new SecretResolver(Map.of("TC_ID", "AKIDexample", "TC_KEY", "keyexample")::get));

    private static Channel channel(String endpoint) {
        return new Channel(
                "tencentcloud",
                URI.create(endpoint),
                Map.of("secret-id", "env:TC_ID", "secret-key", "env:TC_KEY"),
                null,
                null);
    }

    private static AcceptedNotification notification(ApiCall call) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("dns")
                .setProvider("tencentcloud")
                .setContent(call)
                .setSource(Source.HTTP)
                .setAcceptedAt(NOW)
                .build();
    }

    private static ApiCall createRecord() {
        return ApiCall.newBuilder()
                .setAction("CreateRecord")
                .setVersion("2021-03-23")
                .setRegion("ap-guangzhou")
                .setBody("{\"Domain\":\"example.com\",\"RecordType\":\"TXT\",\"RecordLine\":\"默认\",\"Value\":\"x\"}")
                .build();
    }

    @Test
    void dnspodCallCarriesTheTc3HeadersAndTheExactBody() {
        SignedRequest signed =
                signer.sign(notification(createRecord()), channel("https://dnspod.tencentcloudapi.com"), NOW);

        byte[] body = createRecord().getBody().getBytes(StandardCharsets.UTF_8);
        Tc3.Signature expected = Tc3.sign(
                "AKIDexample",
                "keyexample",
                "dnspod",
                "dnspod.tencentcloudapi.com",
                "application/json; charset=utf-8",
                "CreateRecord",
                1767225605,
                body);
        assertThat(signed.call().getMethod()).isEqualTo("POST");
        assertThat(signed.call().getUrl()).isEqualTo("https://dnspod.tencentcloudapi.com");
        assertThat(signed.call().getHeaders())
                .containsEntry("Authorization", expected.authorization())
                .containsEntry("X-TC-Action", "CreateRecord")
                .containsEntry("X-TC-Version", "2021-03-23")
                .containsEntry("X-TC-Region", "ap-guangzhou")
                .containsEntry("X-TC-Timestamp", "1767225605")
                .containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(signed.call().getBody().array()).isEqualTo(body);
        assertThat(expected.credentialScope()).isEqualTo("2026-01-01/dnspod/tc3_request");
        assertThat(signed.stringToSign()).doesNotContain("keyexample");
    }

    @Test
    void serviceIsTheFirstHostLabelOrTheEndpointsLastPathSegment() {
        assertThat(TencentCloudSigner.service(URI.create("https://dnspod.tencentcloudapi.com")))
                .isEqualTo("dnspod");
        assertThat(TencentCloudSigner.service(URI.create("http://127.0.0.1:18080/tencentcloud/dnspod")))
                .isEqualTo("dnspod");
    }

    @Test
    void callWithoutVersionCannotBeSigned() {
        assertThatThrownBy(() -> signer.sign(
                        notification(
                                ApiCall.newBuilder().setAction("CreateRecord").build()),
                        channel("https://dnspod.tencentcloudapi.com"),
                        NOW))
                .isInstanceOf(UnsignableNotificationException.class)
                .hasMessageContaining("needs an action and a version");
    }
}
