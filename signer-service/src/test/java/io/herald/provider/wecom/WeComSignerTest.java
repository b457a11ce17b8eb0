package io.herald.provider.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.Mentions;
import io.herald.schema.Source;
import io.herald.signer.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeComSignerTest {

    private final WeComSigner signer = new WeComSigner(new SecretResolver(Map.of("WECOM_KEY", "693a91f6-7xxx")::get));
    private final Channel channel = new Channel(
            "wecom",
            URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send"),
            Map.of("key", "env:WECOM_KEY"),
            null,
            null);

    private static AcceptedNotification notification(Object content) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("wx")
                .setProvider("wecom")
                .setContent(content)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void keyGoesInTheUrlAndIsMaskedWhereverItIsShown() {
        SignedRequest signed = signer.sign(notification(Fixtures.text("hi")), channel, Instant.EPOCH);

        assertThat(signed.call().getUrl())
                .isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx");
        assertThat(signed.maskedUrl()).isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***");
        assertThat(signed.signature()).isEmpty();
    }

    @Test
    void textMentionsUsersAllAndMobiles() {
        var message = Fixtures.text("deploy done");
        message.setMentions(Mentions.newBuilder()
                .setUserIds(List.of("wangqing"))
                .setMobiles(List.of("13800001111"))
                .setAll(true)
                .build());

        SignedRequest signed = signer.sign(notification(message), channel, Instant.EPOCH);

        assertThat(new String(signed.call().getBody().array(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"msgtype\":\"text\",\"text\":{\"content\":\"deploy done\",\"mentioned_list\":[\"wangqing\",\"@all\"],"
                                + "\"mentioned_mobile_list\":[\"13800001111\"]}}");
    }

    @Test
    void markdownIsAMarkdownMessage() {
        SignedRequest signed = signer.sign(
                notification(
                        Fixtures.markdown(null, "# hi", Mentions.newBuilder().build())),
                channel,
                Instant.EPOCH);

        assertThat(new String(signed.call().getBody().array(), StandardCharsets.UTF_8))
                .isEqualTo("{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"# hi\"}}");
    }
}
