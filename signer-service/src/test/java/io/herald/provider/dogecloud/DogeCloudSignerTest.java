package io.herald.provider.dogecloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.Crypto;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.Source;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DogeCloudSignerTest {

    private final DogeCloudSigner signer =
            new DogeCloudSigner(new SecretResolver(Map.of("DOGE_AK", "ak-123", "DOGE_SK", "sk-456")::get));
    private final Channel channel = new Channel(
            "dogecloud",
            URI.create("https://api.dogecloud.com"),
            Map.of("access-key", "env:DOGE_AK", "secret-key", "env:DOGE_SK"),
            null,
            null);

    private static AcceptedNotification notification(ApiCall call) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("doge")
                .setProvider("dogecloud")
                .setContent(call)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void authorizationIsHexHmacSha1OfPathNewlineBodyOverTheExactBytesSent() {
        String body = "{\"channel\":\"OSS_EXAMPLE\",\"scopes\":[\"*\"]}";
        SignedRequest signed = signer.sign(
                notification(ApiCall.newBuilder()
                        .setMethod("POST")
                        .setPath("/auth/tmp_token.json?x=1")
                        .setBody(body)
                        .build()),
                channel,
                Instant.EPOCH);

        String expected = Crypto.hex(Crypto.hmacSha1(
                "sk-456".getBytes(StandardCharsets.UTF_8),
                ("/auth/tmp_token.json?x=1\n" + body).getBytes(StandardCharsets.UTF_8)));
        assertThat(signed.call().getHeaders())
                .containsEntry("Authorization", "TOKEN ak-123:" + expected)
                .containsEntry("Content-Type", "application/json");
        assertThat(signed.call().getUrl()).isEqualTo("https://api.dogecloud.com/auth/tmp_token.json?x=1");
        assertThat(new String(signed.call().getBody().array(), StandardCharsets.UTF_8))
                .isEqualTo(body);
        assertThat(signed.secretHeaders()).containsExactly("Authorization");
    }

    @Test
    void getSignsThePathWithAnEmptyBody() {
        SignedRequest signed = signer.sign(
                notification(ApiCall.newBuilder()
                        .setMethod("GET")
                        .setPath("/cdn/domain/list.json")
                        .build()),
                channel,
                Instant.EPOCH);

        assertThat(signed.call().getMethod()).isEqualTo("GET");
        assertThat(signed.call().getBody().remaining()).isZero();
        assertThat(signed.stringToSign()).isEqualTo("/cdn/domain/list.json\n");
    }
}
