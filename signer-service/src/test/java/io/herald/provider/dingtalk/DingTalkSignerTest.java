package io.herald.provider.dingtalk;

import static io.herald.signer.Fixtures.OPS_SECRET;
import static io.herald.signer.Fixtures.OPS_TOKEN;
import static io.herald.signer.Fixtures.accepted;
import static io.herald.signer.Fixtures.dingTalkChannel;
import static io.herald.signer.Fixtures.markdown;
import static io.herald.signer.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.HttpCall;
import io.herald.schema.Mentions;
import io.herald.signer.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DingTalkSignerTest {

    private static final long TIMESTAMP = 1577262236757L;

    // Computed independently of this code, with OpenSSL:
    //   printf '%s\n%s' 1577262236757 SEC8a7c1d2f3e4b5a69788776655443322110ffeeddccbbaa99887766554433221100 \
    //     | openssl dgst -sha256 -hmac SEC8a7c1d2f3e4b5a69788776655443322110ffeeddccbbaa99887766554433221100 -binary |
    // base64
    //   → pvG1NsVPRD02uFCvLFzJbg4zu6Vj/xB6+J5TuImbUWc=
    // then URL-encoded ('/' → %2F, '+' → %2B, '=' → %3D).
    private static final String EXPECTED_SIGN = "pvG1NsVPRD02uFCvLFzJbg4zu6Vj%2FxB6%2BJ5TuImbUWc%3D";

    private final DingTalkSigner signer = new DingTalkSigner(new SecretResolver(Fixtures.ENVIRONMENT::get));

    @Test
    void signatureMatchesIndependentlyComputedVector() {
        assertThat(DingTalkSigner.sign(TIMESTAMP, OPS_SECRET)).isEqualTo(EXPECTED_SIGN);
    }

    @Test
    void textMessageIsPostedToTheSignedUrlAsJson() {
        HttpCall call = signer.sign(
                        accepted("n-1", text("disk full on db-1")), dingTalkChannel(), Instant.ofEpochMilli(TIMESTAMP))
                .call();

        assertThat(call.getMethod()).isEqualTo("POST");
        assertThat(call.getUrl())
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=" + OPS_TOKEN
                        + "&timestamp=1577262236757&sign=" + EXPECTED_SIGN);
        assertThat(call.getHeaders()).containsExactly(Map.entry("Content-Type", "application/json; charset=utf-8"));
        assertThat(body(call)).isEqualTo("""
                {"msgtype":"text","text":{"content":"disk full on db-1"},\
                "at":{"atMobiles":[],"atUserIds":[],"isAtAll":false}}""");
    }

    @Test
    void markdownMessageCarriesTitleTextAndMentions() {
        Mentions mentions = Mentions.newBuilder()
                .setMobiles(List.of("13800000000", "13900000000"))
                .setUserIds(List.of("manager4711"))
                .setAll(true)
                .build();

        HttpCall call = signer.sign(
                        accepted("n-2", markdown("Disk alert", "## Disk\nfull on **db-1**", mentions)),
                        dingTalkChannel(),
                        Instant.ofEpochMilli(TIMESTAMP))
                .call();

        assertThat(call.getUrl()).endsWith("&timestamp=1577262236757&sign=" + EXPECTED_SIGN);
        assertThat(body(call)).isEqualTo("""
                {"msgtype":"markdown","markdown":{"title":"Disk alert","text":"## Disk\\nfull on **db-1**"},\
                "at":{"atMobiles":["13800000000","13900000000"],"atUserIds":["manager4711"],"isAtAll":true}}""");
    }

    @Test
    void markdownWithoutTitleIsTitledByItsFirstLine() {
        HttpCall call = signer.sign(
                        accepted(
                                "n-3",
                                markdown(
                                        null,
                                        "\n### 磁盘告警\n详情",
                                        Mentions.newBuilder().build())),
                        dingTalkChannel(),
                        Instant.ofEpochMilli(TIMESTAMP))
                .call();

        assertThat(body(call)).startsWith("""
                {"msgtype":"markdown","markdown":{"title":"磁盘告警","text":"\\n### 磁盘告警\\n详情"}""");
    }

    @Test
    void timestampIsTheSigningInstantInMilliseconds() {
        HttpCall call = signer.sign(accepted("n-4"), dingTalkChannel(), Instant.parse("2025-03-01T08:00:00.123Z"))
                .call();

        assertThat(call.getUrl()).contains("&timestamp=1740816000123&sign=");
    }

    @Test
    void apiCallIsUnsignableForAChatRobot() {
        assertThatThrownBy(() -> signer.sign(accepted("n-5", Fixtures.apiCall()), dingTalkChannel(), Instant.now()))
                .isInstanceOf(UnsignableNotificationException.class)
                .hasMessageContaining("n-5")
                .hasMessageContaining("ops");
    }

    @Test
    void missingSecretNamesTheChannelPropertyNotAnyValue() {
        DingTalkSigner withoutSecret =
                new DingTalkSigner(new SecretResolver(Map.of("HERALD_OPS_TOKEN", OPS_TOKEN)::get));

        assertThatThrownBy(() -> withoutSecret.sign(accepted("n-6"), dingTalkChannel(), Instant.now()))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("herald.channels.ops.credentials.secret: environment variable HERALD_OPS_SECRET is not set")
                .message()
                .doesNotContain(OPS_TOKEN);
    }

    private static String body(HttpCall call) {
        return StandardCharsets.UTF_8.decode(call.getBody().duplicate()).toString();
    }
}
