package io.herald.provider.feishu;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.Crypto;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.Source;
import io.herald.signer.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeishuSignerTest {

    private static final String SECRET = "demo-feishu-secret";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.789Z");
    private final FeishuSigner signer = new FeishuSigner(new SecretResolver(Map.of("FEISHU_SECRET", SECRET)::get));

    private static Channel channel(Map<String, String> credentials) {
        return new Channel(
                "feishu",
                URI.create("https://open.feishu.cn/open-apis/bot/v2/hook/hook-token-123"),
                credentials,
                null,
                null);
    }

    private static AcceptedNotification notification(Object content) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("lark")
                .setProvider("feishu")
                .setContent(content)
                .setSource(Source.HTTP)
                .setAcceptedAt(NOW)
                .build();
    }

    @Test
    void signIsHmacOfAnEmptyMessageKeyedWithTimestampNewlineSecret() {
        // computed independently from Feishu's documented formula
        byte[] key = ("1767225600\n" + SECRET).getBytes(StandardCharsets.UTF_8);
        String expected = Base64.getEncoder().encodeToString(Crypto.hmacSha256(key, new byte[0]));

        assertThat(FeishuSigner.sign(1767225600, SECRET)).isEqualTo(expected);
    }

    @Test
    void textMessageCarriesTimestampInSecondsAndSignInTheBody() {
        SignedRequest signed = signer.sign(
                notification(Fixtures.text("disk full")), channel(Map.of("secret", "env:FEISHU_SECRET")), NOW);

        String body = new String(signed.call().getBody().array(), StandardCharsets.UTF_8);
        assertThat(body)
                .isEqualTo("{\"timestamp\":\"1767225600\",\"sign\":\"" + FeishuSigner.sign(1767225600, SECRET)
                        + "\",\"msg_type\":\"text\",\"content\":{\"text\":\"disk full\"}}");
        assertThat(signed.call().getUrl()).isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/hook-token-123");
        assertThat(signed.maskedUrl()).isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/***");
        assertThat(signed.stringToSign()).isEqualTo("1767225600\n***").doesNotContain(SECRET);
    }

    @Test
    void botWithoutSecretGetsAnUnsignedMessage() {
        SignedRequest signed = signer.sign(notification(Fixtures.text("hi")), channel(Map.of()), NOW);

        assertThat(new String(signed.call().getBody().array(), StandardCharsets.UTF_8))
                .isEqualTo("{\"msg_type\":\"text\",\"content\":{\"text\":\"hi\"}}");
    }

    @Test
    void markdownBecomesAnInteractiveCardWithItsTitle() {
        SignedRequest signed = signer.sign(
                notification(Fixtures.markdown(
                        "Release",
                        "**1.2** is out",
                        io.herald.schema.Mentions.newBuilder().build())),
                channel(Map.of()),
                NOW);

        assertThat(new String(signed.call().getBody().array(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"msg_type\":\"interactive\",\"card\":{\"header\":{\"title\":{\"tag\":\"plain_text\",\"content\":\"Release\"}},"
                                + "\"elements\":[{\"tag\":\"markdown\",\"content\":\"**1.2** is out\"}]}}");
    }
}
